package dev.mcqa.teacher.config;

import dev.mcqa.teacher.ServedModels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the teacher: down, with the served models named, when the endpoint's model list
 * lacks the configured model. A list once read is final for the process; an endpoint that is down
 * or has no list gives no verdict (readiness stays up: an outage only delays work) and is asked
 * again at the next probe, at most every 30 s.
 */
@Readiness
@ApplicationScoped
public class TeacherReadiness implements HealthCheck {
    private static final Duration RECHECK = Duration.ofSeconds(30);

    @Inject
    TeacherConfig config;

    private volatile ServedModels.Check verdict;
    private volatile long checkedAtNanos;

    @Override
    public HealthCheckResponse call() {
        if (config.baseUrl().isEmpty()) {
            return HealthCheckResponse.named("teacher").up().withData("teacher", "simulated").build();
        }
        ServedModels.Check check = current();
        boolean up = check.verdict() != ServedModels.Verdict.NOT_SERVED;
        return HealthCheckResponse.named("teacher").status(up).withData("model", config.model())
                .withData("verdict", check.verdict().name().toLowerCase()).withData("message", check.message()).build();
    }

    private ServedModels.Check current() {
        ServedModels.Check known = verdict;
        if (known != null && (known.verdict() != ServedModels.Verdict.UNKNOWN || System.nanoTime() - checkedAtNanos < RECHECK.toNanos())) {
            return known;
        }
        ServedModels.Check check = ServedModels.check(config.baseUrl().get(), config.apiKey().orElse(""), config.model(),
                Duration.ofSeconds(5));
        checkedAtNanos = System.nanoTime();
        verdict = check;
        return check;
    }
}
