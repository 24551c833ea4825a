package dev.mcqa.inference;

import dev.mcqa.inference.core.Answerer;
import dev.mcqa.inference.core.ModelHolder;
import dev.mcqa.inference.core.ModelLoader;
import dev.mcqa.inference.core.OrtSettings;
import dev.mcqa.store.ModelStore;
import dev.mcqa.store.ModelStores;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the plain-Java inference core into CDI. */
public class InferenceBeans {
    /** Questions at once when auto batching times a model: the load of 16 concurrent clients. */
    private static final int BATCHING_PROBE_SIZE = 16;

    @Produces
    @Singleton
    ModelHolder modelHolder() {
        return new ModelHolder();
    }

    void closeModelHolder(@Disposes ModelHolder models) {
        models.close();
    }

    @Produces
    @Singleton
    ModelLoader modelLoader(InferenceConfig config) {
        OrtSettings ort = new OrtSettings(config.intraOpThreads(), config.spinning(), config.executionProvider());
        return new ModelLoader(ort::sessionOptions, config.precision(), config.batching(), Math.min(config.maxBatch(), BATCHING_PROBE_SIZE));
    }

    @Produces
    @Singleton
    ModelStore modelStore(StoreConfig config) {
        return ModelStores.open(config.settings());
    }

    @Produces
    @Singleton
    Answerer answerer(ModelHolder models, InferenceConfig config, MeterRegistry meters) {
        DistributionSummary batchSizes = DistributionSummary.builder("mcqa.inference.batch.size")
                .description("questions per model run").publishPercentiles(0.5, 0.99).register(meters);
        Answerer answerer = new Answerer(models, config.batching(), config.maxBatch(), config.maxWait(), config.maxQueued(), batchSizes::record);
        Gauge.builder("mcqa.inference.batching", answerer, a -> a.batching() ? 1 : 0)
                .description("1 while concurrent requests are batched, 0 while they run concurrently").register(meters);
        return answerer;
    }

    void closeAnswerer(@Disposes Answerer answerer) {
        answerer.close();
    }
}
