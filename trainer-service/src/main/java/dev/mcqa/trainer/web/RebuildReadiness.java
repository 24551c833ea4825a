package dev.mcqa.trainer.web;

import dev.mcqa.trainer.kafka.TopicsReRead;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the dataset and the releases are re-read to the end offsets captured at assignment. */
@Readiness
@ApplicationScoped
public class RebuildReadiness implements HealthCheck {

    @Inject
    TopicsReRead reRead;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("rebuild").status(reRead.complete()).withData("progress", reRead.describe()).build();
    }
}
