package dev.mcqa.trainer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.contract.MmluSplit;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.ScoringMethod;
import dev.mcqa.contract.Seed;
import dev.mcqa.store.DirectoryStore;
import dev.mcqa.student.training.TrainingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Plain Java: how failed runs end and what they leave behind. */
class RunErrorsTest {
    private static final Path TEST_PUBLIC = Path.of("../data/mmlu/test-public");
    private static final Path STORE = Path.of("target/run-errors-models");

    static TrainerSettings settings(Duration retryAfterFailure, boolean automaticShuffleTargets) {
        return new TrainerSettings(Path.of("../../shared/fixtures/bert-tiny").toString(), 64, Device.cpu(),
                TrainingSettings.defaults().withEpochs(1), 1f, false, TEST_PUBLIC, 2, 0.05, 4, 0, 0.5, 0, retryAfterFailure,
                automaticShuffleTargets, true);
    }

    /** Eight astronomy seeds and, from the next questions of the bank, scored items. */
    static Dataset dataset(int scoredItems) {
        Dataset dataset = new Dataset();
        List<Seed> bank = MmluSplit.read(TEST_PUBLIC).get("astronomy").bank();
        for (int i = 0; i < 8; i++) {
            dataset.add(bank.get(i), "mcqa.seeds", 0, i);
        }
        for (int i = 0; i < scoredItems; i++) {
            Seed source = bank.get(8 + i);
            GeneratedItem item = GeneratedItem.of("astronomy", List.of(bank.get(0).id()), source.question(), source.choices(),
                    source.answer(), GenerationMethod.JSON, "t", "json-v1");
            dataset.add(ScoredItem.of(item, List.of(0.7, 0.1, 0.1, 0.1), "t", ScoringMethod.LOGPROBS, 1, List.of()), "mcqa.scored", 0, i);
        }
        return dataset;
    }

    private static void waitUntil(BooleanSupplier done, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    static void awaitEnd(TrainingRun run) throws InterruptedException {
        waitUntil(() -> !run.active(), Duration.ofMinutes(5));
    }

    @Test
    void anErrorEndsTheRunFailedAndTheNextRunIsTaken() throws Exception {
        Trainer.ReleaseSink outOfMemory = release -> {
            throw new OutOfMemoryError("injected while publishing the release");
        };
        try (Trainer trainer = new Trainer(dataset(0), settings(Duration.ofMinutes(1), false), new DirectoryStore(STORE), outOfMemory, Optional::empty)) {
            TrainingRun first = trainer.start(new Trainer.Request(true, false, null));
            awaitEnd(first);
            assertEquals(TrainingRun.State.FAILED, first.state(), "the run ended, FAILED, instead of staying active");
            assertTrue(first.progress().reason().contains("OutOfMemoryError"), first.progress().reason());
            TrainingRun second = trainer.start(new Trainer.Request(false, false, null)); // no 409: the trainer is free
            assertTrue(second.id() != null && !second.id().equals(first.id()));
            trainer.cancel(second.id());
        }
    }

    @Test
    void aFailedRunLeavesItsItemsNewAndAutomaticTrainingRetriesAfterTheBackoff() throws Exception {
        Dataset dataset = dataset(10);
        AtomicInteger publishes = new AtomicInteger();
        Trainer.ReleaseSink failsOnce = release -> {
            if (publishes.incrementAndGet() == 1) {
                throw new IllegalStateException("injected: the broker did not take the release");
            }
        };
        try (Trainer trainer = new Trainer(dataset, settings(Duration.ofSeconds(5), false), new DirectoryStore(STORE), failsOnce, Optional::empty)) {
            trainer.scoredArrived(1);
            assertEquals(1, trainer.runs().size(), "10 new scored items, trigger 1: an automatic run started");
            TrainingRun failed = trainer.runs().get(0);
            awaitEnd(failed);
            assertEquals(TrainingRun.State.FAILED, failed.state(), failed.progress().reason());
            assertEquals(10, dataset.newScored(), "a failed run trained nothing into a release: its items are still new");

            trainer.scoredArrived(1);
            assertEquals(1, trainer.runs().size(), "within the backoff, a record does not restart training");

            waitUntil(() -> trainer.runs().size() == 2, Duration.ofMinutes(2));
            assertEquals(2, trainer.runs().size(), "after the backoff, training was tried again without any new record");
            TrainingRun retried = trainer.runs().get(1);
            awaitEnd(retried);
            assertEquals(TrainingRun.State.RELEASED, retried.state(), retried.progress().reason());
            assertEquals(0, dataset.newScored(), "the released run's snapshot is trained on");
        }
    }
}
