package dev.mcqa.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.mcqa.student.Backbones;
import dev.mcqa.store.ModelStore;
import dev.mcqa.store.ModelStores;
import dev.mcqa.student.training.TrainingSettings;
import dev.mcqa.trainer.core.Baselines;
import dev.mcqa.trainer.core.Dataset;
import dev.mcqa.trainer.core.OperatorToken;
import dev.mcqa.trainer.core.Trainer;
import dev.mcqa.trainer.core.TrainerSettings;
import dev.mcqa.trainer.kafka.KafkaReleasePublisher;
import dev.mcqa.trainer.kafka.ReleaseHistory;
import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Wires the plain-Java trainer core into CDI. */
public class TrainerBeans {

    @Produces
    @Singleton
    Dataset dataset() {
        return new Dataset();
    }

    @Produces
    @Singleton
    Trainer trainer(Dataset dataset, TrainingConfig config, StoreConfig storeConfig, KafkaReleasePublisher publisher, ReleaseHistory history) {
        ModelStore store = ModelStores.open(storeConfig.settings());
        Log.infof("releases go to the model store %s", store.location());
        Backbones.Recipe recipe = recipe(config.backbone());
        int maxLength = config.maxLength().orElse(recipe.maxLength());
        float learningRate = config.learningRate().orElse(recipe.learningRate());
        TrainingSettings training = new TrainingSettings(config.epochs(), config.batchSize(), learningRate, config.warmup(),
                config.weightDecay(), config.maxGradNorm(), config.alpha(), config.temperature(), config.seed());
        Device device = device(config.device());
        Log.infof("training on %s with backbone %s, max length %d, learning rate %.1e", device, config.backbone(), maxLength, learningRate);
        if (!device.isGpu() && !"FALSE".equalsIgnoreCase(System.getenv("MKL_DYNAMIC"))) {
            Log.warn("MKL_DYNAMIC is not FALSE: CPU training is not bit-repeatable (set MKL_DYNAMIC=FALSE and MKL_CBWR=AUTO; docs/operations.md#repeatable-training)");
        }
        if (!device.isGpu() && !System.getenv().getOrDefault("LD_PRELOAD", "").contains("tcmalloc")) {
            Log.info("tcmalloc is not preloaded: CPU training runs 1.2x to 1.5x slower with the C library's malloc (docs/operations.md#training-speed)");
        }
        TrainerSettings settings = new TrainerSettings(config.backbone(), maxLength, device, training, config.seedWeight(),
                config.intendedAnswers(), "seeds".equals(config.evaluationDir()) ? null : Path.of(config.evaluationDir()), config.evaluationPerTask(), config.gateLevel(),
                config.checkSample(), config.teacherSample(), config.minLetterMass(), config.patience(),
                config.retryAfterFailure(), config.automaticShuffleTargets(), true);
        return new Trainer(dataset, settings, store, publisher, history::current);
    }

    @Produces
    @Singleton
    Baselines baselines(TrainingConfig config) {
        return new Baselines(config.baselineDir().map(Path::of));
    }

    @Produces
    @Singleton
    OperatorToken operatorToken(TrainingConfig config) {
        OperatorToken token = new OperatorToken(config.apiToken());
        if (!token.configured()) {
            Log.warn("MCQA_TRAINING_API_TOKEN is not set: anyone who reaches this service can start, force or cancel training runs");
        }
        return token;
    }

    void closeTrainer(@Disposes Trainer trainer) {
        trainer.close();
    }

    static Backbones.Recipe recipe(String backbone) {
        try {
            return Backbones.recipe(backbone);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the backbone " + backbone, e);
        }
    }

    static Device device(String name) {
        return switch (name) {
            case "cpu" -> Device.cpu();
            case "gpu" -> Device.gpu();
            case "auto" -> Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            default -> throw new IllegalArgumentException("mcqa.training.device must be cpu, gpu or auto, not " + name);
        };
    }
}
