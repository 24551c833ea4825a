package dev.mcqa.trainer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.store.DirectoryStore;
import dev.mcqa.store.ModelStore;
import dev.mcqa.student.training.TrainingSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Plain Java: a model that is never served (the baseline) is released without an int8 form, and its card says so. */
class UnservedReleaseTest {
    private static final Path STORE = Path.of("target/unserved-release-models");

    @Test
    void withoutTheInt8FormTheReleaseHasNoInt8FileAndItsCardSaysWhy() throws Exception {
        TrainerSettings settings = new TrainerSettings(Path.of("../../shared/fixtures/bert-tiny").toString(), 64, Device.cpu(),
                TrainingSettings.defaults().withEpochs(1), 1f, false, Path.of("../data/mmlu/test-public"), 2, 0.05, 4, 0, 0.5, 0,
                Duration.ofMinutes(1), false, false);
        AtomicReference<ModelRelease> released = new AtomicReference<>();
        try (Trainer trainer = new Trainer(RunErrorsTest.dataset(4), settings, new DirectoryStore(STORE), released::set, Optional::empty)) {
            TrainingRun run = trainer.start(new Trainer.Request(true, false, null));
            RunErrorsTest.awaitEnd(run);
            assertEquals(TrainingRun.State.RELEASED, run.state(), String.valueOf(run.progress().reason()));
        }
        assertNotNull(released.get());
        Path artifact = Path.of(URI.create(released.get().artifactUri()));
        assertTrue(Files.exists(artifact.resolve(ModelStore.MODEL)));
        assertFalse(Files.exists(artifact.resolve(ModelStore.MODEL_INT8)), "no int8 file for a model that is never served");
        JsonNode int8 = Json.parse(Files.readString(artifact.resolve(ModelStore.CARD))).get("int8");
        assertFalse(int8.get("kept").asBoolean(), int8.toString());
        assertTrue(int8.get("reason").asText().contains("never served"), int8.toString());
    }
}
