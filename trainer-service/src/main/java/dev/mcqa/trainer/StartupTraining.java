package dev.mcqa.trainer;

import dev.mcqa.trainer.core.Dataset;
import dev.mcqa.trainer.core.Trainer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The start-up delay: once the topics have had time to be re-read, automatic runs may begin; with
 * mcqa.training.train-at-startup, one starts then.
 */
@ApplicationScoped
public class StartupTraining {

    private volatile boolean caughtUp;

    /** Whether the start-up delay has passed, so that automatic runs may begin. */
    public boolean caughtUp() {
        return caughtUp;
    }

    void onStart(@Observes StartupEvent event, TrainingConfig config, Trainer trainer, Dataset dataset) {
        Executors.newSingleThreadScheduledExecutor().schedule(() -> {
            caughtUp = true;
            if (!config.trainAtStartup()) {
                return;
            }
            if (dataset.seedCount() + dataset.scoredCount() == 0) {
                Log.info("train-at-startup: nothing to train on yet");
                return;
            }
            trainer.start(new Trainer.Request(false, false, null));
        }, config.startupDelay().toMillis(), TimeUnit.MILLISECONDS);
    }
}
