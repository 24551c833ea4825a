package dev.mcqa.generator.web;

import dev.mcqa.generator.intake.IntakeReport;
import dev.mcqa.generator.intake.SeedRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Prometheus figures of the intake: {@code mcqa_seeds_intake_total{outcome,task}} and the registry's size. */
@ApplicationScoped
public class IntakeMetrics {

    @Inject
    MeterRegistry meters;

    @Inject
    void registerGauges(MeterRegistry meters, SeedRegistry registry) {
        Gauge.builder("mcqa.seeds.known", registry, r -> r.countsByTask().values().stream().mapToInt(Integer::intValue).sum())
                .description("seeds read back from mcqa.seeds").register(meters);
        Gauge.builder("mcqa.seeds.duplicates.skipped", registry, SeedRegistry::duplicatesSkipped)
                .description("seed records skipped because their id was seen before").register(meters);
    }

    public void record(IntakeReport report) {
        for (IntakeReport.Item item : report.items()) {
            Counter.builder("mcqa.seeds.intake")
                    .description("seeds submitted, by outcome")
                    .tag("outcome", item.outcome().name().toLowerCase())
                    .tag("task", item.task() == null ? "unknown" : item.task())
                    .register(meters).increment();
        }
    }
}
