package dev.mcqa.trainer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.mcqa.contract.MmluSplit;
import dev.mcqa.contract.Seed;
import dev.mcqa.student.training.TrainingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Plain Java: an Error in a training run ends it FAILED, and the trainer takes the next run. */
class RunErrorsTest {
    private static final Path TEST_PUBLIC = Path.of("../data/mmlu/test-public");

    @Test
    void anErrorEndsTheRunFailedAndTheNextRunIsTaken() throws Exception {
        Dataset dataset = new Dataset();
        int offset = 0;
        for (Seed seed : MmluSplit.read(TEST_PUBLIC).get("astronomy").bank().subList(0, 8)) {
            dataset.add(seed, "mcqa.seeds", 0, offset++);
        }
        TrainerSettings settings = new TrainerSettings(Path.of("../../shared/fixtures/bert-tiny").toString(), 64, Device.cpu(),
                TrainingSettings.defaults().withEpochs(1), 1f, false, TEST_PUBLIC, 2, 0.05, Path.of("target/run-errors-models"), 4, 0, 0.5, 0);
        Trainer.ReleaseSink outOfMemory = release -> {
            throw new OutOfMemoryError("injected while publishing the release");
        };
        try (Trainer trainer = new Trainer(dataset, settings, new ModelStore(Path.of("target/run-errors-models")), outOfMemory, Optional::empty)) {
            TrainingRun first = trainer.start(new Trainer.Request(true, false, null));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (first.active() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(TrainingRun.State.FAILED, first.state(), "the run ended, FAILED, instead of staying active");
            assertTrue(first.progress().reason().contains("OutOfMemoryError"), first.progress().reason());
            TrainingRun second = trainer.start(new Trainer.Request(false, false, null)); // no 409: the trainer is free
            assertTrue(second.id() != null && !second.id().equals(first.id()));
            trainer.cancel(second.id());
        }
    }
}
