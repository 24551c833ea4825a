package dev.mcqa.inference;

import dev.mcqa.rest.Problem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The service's own meters besides latency and batch sizes: the model being served
 * ({@code mcqa_inference_model{version}} = 1), releases served or refused, and every problem
 * answered, by kind ({@code mcqa_inference_errors_total{kind}}).
 */
@ApplicationScoped
public class InferenceMetrics {
    private static final String PROBLEM_PREFIX = "urn:mcqa:problem:";

    @Inject
    MeterRegistry meters;

    private MultiGauge servedModel;

    @PostConstruct
    void init() {
        servedModel = MultiGauge.builder("mcqa.inference.model").description("1 for the model version being served").register(meters);
    }

    public void served(String version) {
        servedModel.register(List.of(MultiGauge.Row.of(Tags.of("version", version), 1)), true);
        meters.counter("mcqa.inference.releases", "outcome", "served").increment();
    }

    public void refused() {
        meters.counter("mcqa.inference.releases", "outcome", "refused").increment();
    }

    @ServerResponseFilter
    public void countProblems(ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem) {
            meters.counter("mcqa.inference.errors", "kind", problem.type().replace(PROBLEM_PREFIX, "")).increment();
        }
    }
}
