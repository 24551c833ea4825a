package dev.mcqa.generator.web;

import dev.mcqa.generator.generation.Rebuild;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the seeds and items of the assigned partitions are re-read to the end offsets
 * captured at assignment: before, a re-posted seed would be taken for new and published again.
 */
@Readiness
@ApplicationScoped
public class RebuildReadiness implements HealthCheck {

    @Inject
    Rebuild rebuild;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("rebuild").status(rebuild.complete()).withData("progress", rebuild.describe()).build();
    }
}
