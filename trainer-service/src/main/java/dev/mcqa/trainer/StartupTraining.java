package dev.mcqa.trainer;

import dev.mcqa.trainer.core.Dataset;
import dev.mcqa.trainer.core.Trainer;
import dev.mcqa.trainer.kafka.TopicsReRead;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Automatic runs begin once mcqa.seeds, mcqa.scored and mcqa.models are re-read to the end offsets
 * captured when their partitions were assigned ({@link TopicsReRead}): then the items re-read are
 * counted against the current release's lineage once, and with mcqa.training.train-at-startup a run starts.
 */
@ApplicationScoped
public class StartupTraining {
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "startup-training"));
    private volatile boolean caughtUp;

    /** Whether the topics are re-read, so that automatic runs may begin. */
    public boolean caughtUp() {
        return caughtUp;
    }

    void onStart(@Observes StartupEvent event, TrainingConfig config, Trainer trainer, Dataset dataset, TopicsReRead reRead) {
        watcher.scheduleWithFixedDelay(() -> {
            if (caughtUp || !reRead.complete()) {
                return;
            }
            caughtUp = true;
            Log.infof("topics re-read (%d seeds, %d scored items): automatic runs may begin", dataset.seedCount(), dataset.scoredCount());
            if (!config.trainAtStartup()) {
                trainer.scoredArrived(config.triggerAfter());
            } else if (dataset.seedCount() + dataset.scoredCount() == 0) {
                Log.info("train-at-startup: nothing to train on yet");
            } else {
                trainer.start(new Trainer.Request(false, false, null));
            }
            watcher.shutdown();
        }, 200, 200, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        watcher.shutdownNow();
    }
}
