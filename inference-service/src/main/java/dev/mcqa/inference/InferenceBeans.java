package dev.mcqa.inference;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mcqa.inference.core.Answerer;
import dev.mcqa.inference.core.ModelHolder;
import dev.mcqa.inference.core.ModelLoader;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the plain-Java inference core into CDI. */
public class InferenceBeans {

    @Produces
    @Singleton
    ModelHolder modelHolder() {
        return new ModelHolder();
    }

    @Produces
    @Singleton
    ModelLoader modelLoader(InferenceConfig config) {
        return new ModelLoader(() -> sessionOptions(config));
    }

    @Produces
    @Singleton
    Answerer answerer(ModelHolder models, InferenceConfig config, MeterRegistry meters) {
        DistributionSummary batchSizes = DistributionSummary.builder("mcqa.inference.batch.size")
                .description("questions per model run").publishPercentiles(0.5, 0.99).register(meters);
        return new Answerer(models, config.batching(), config.maxBatch(), config.maxWait(), batchSizes::record);
    }

    void closeAnswerer(@Disposes Answerer answerer) {
        answerer.close();
    }

    static OrtSession.SessionOptions sessionOptions(InferenceConfig config) {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (config.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(config.intraOpThreads());
            }
            if ("cuda".equals(config.executionProvider())) {
                try {
                    options.addCUDA(0);
                } catch (OrtException | RuntimeException e) {
                    Log.warnf("CUDA execution provider unavailable (%s): serving on CPU", e.getMessage());
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime session options", e);
        }
        return options;
    }
}
