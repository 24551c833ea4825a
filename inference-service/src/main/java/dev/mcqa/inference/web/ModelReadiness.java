package dev.mcqa.inference.web;

import dev.mcqa.inference.core.Answerer;
import dev.mcqa.inference.core.ModelHolder;
import dev.mcqa.inference.core.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while a model is loaded and the batcher runs. */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    @Inject
    ModelHolder models;

    @Inject
    Answerer answerer;

    @Override
    public HealthCheckResponse call() {
        if (!answerer.alive()) {
            return HealthCheckResponse.named("model").down().withData("reason", "the answer batcher has stopped").build();
        }
        return models.current().map(ServedModel::version)
                .map(version -> HealthCheckResponse.named("model").up().withData("version", version).build())
                .orElseGet(() -> HealthCheckResponse.named("model").down().withData("reason", "no model loaded yet").build());
    }
}
