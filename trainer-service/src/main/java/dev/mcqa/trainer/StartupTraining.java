package dev.mcqa.trainer;

import dev.mcqa.trainer.core.Dataset;
import dev.mcqa.trainer.core.Trainer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** With mcqa.training.train-at-startup, starts a run once the topics have had time to be read. */
@ApplicationScoped
public class StartupTraining {

    void onStart(@Observes StartupEvent event, TrainingConfig config, Trainer trainer, Dataset dataset,
                 @ConfigProperty(name = "mcqa.training.startup-delay", defaultValue = "20s") Duration delay) {
        if (!config.trainAtStartup()) {
            return;
        }
        Executors.newSingleThreadScheduledExecutor().schedule(() -> {
            if (dataset.seedCount() + dataset.scoredCount() == 0) {
                Log.info("train-at-startup: nothing to train on yet");
                return;
            }
            trainer.start(new Trainer.Request(false, false, null));
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
