package dev.mcqa.teachercheck;

import dev.mcqa.teacher.OpenAiTeacher;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code check-teacher [base-url] [model]}: runs {@link TeacherCheck} against an OpenAI-compatible
 * endpoint and prints its report; exit 0 when the teacher is usable, 1 when not, 2 on wrong use.
 * Without arguments the endpoint is the services' own configuration (MCQA_TEACHER_BASE_URL,
 * MCQA_TEACHER_MODEL); the key is MCQA_TEACHER_API_KEY, from the environment only.
 */
@QuarkusMain
public class CheckTeacherCommand implements QuarkusApplication {

    @ConfigProperty(name = "mcqa.teacher.base-url")
    Optional<String> configuredBaseUrl;

    @ConfigProperty(name = "mcqa.teacher.model", defaultValue = "gpt-4o-mini")
    String configuredModel;

    @ConfigProperty(name = "mcqa.teacher.api-key")
    Optional<String> apiKey;

    @ConfigProperty(name = "mcqa.teacher.timeout", defaultValue = "60s")
    Duration timeout;

    @Override
    public int run(String... args) {
        Optional<String> baseUrl = args.length > 0 ? Optional.of(args[0]) : configuredBaseUrl;
        if (baseUrl.isEmpty() || args.length > 2) {
            System.err.println("usage: check-teacher <base-url> [model]   (or MCQA_TEACHER_BASE_URL, MCQA_TEACHER_MODEL; key: MCQA_TEACHER_API_KEY)");
            return 2;
        }
        String model = args.length > 1 ? args[1] : configuredModel;
        String key = apiKey.orElse("");
        TeacherCheck.Report report = new TeacherCheck(baseUrl.get(), model, key, (control, reasoningTokens) -> new OpenAiTeacher(
                new OpenAiTeacher.Settings(baseUrl.get(), model, key, timeout, control.off(), control.effort(), reasoningTokens))).run();
        report.lines().forEach(System.out::println);
        return report.verdict() == TeacherCheck.Verdict.NOT_USABLE ? 1 : 0;
    }
}
