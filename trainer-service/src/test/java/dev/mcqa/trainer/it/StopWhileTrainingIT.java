package dev.mcqa.trainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.MmluCsv;
import dev.mcqa.contract.Seed;
import dev.mcqa.testing.KafkaTestResource;
import dev.mcqa.testing.KafkaTestClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged trainer stopped with SIGTERM (as Kubernetes stops a pod) in the middle of a training
 * run. A JVM that exits while libtorch trains in another thread can crash in native code (seen: exit
 * 134, once in two stops); the trainer must cancel the run after its current step and exit as a
 * stopped JVM does (143). Its own topics, so that the other test's dataset stays as it expects.
 */
class StopWhileTrainingIT {
    private static final int STOPPED_BY_SIGTERM = 143;

    @Test
    void stoppedMidTrainingItCancelsTheRunAndExitsCleanly() throws Exception {
        String seedsTopic = "stop-it.seeds";
        for (String csv : List.of("anatomy_dev.csv", "astronomy_dev.csv", "virology_dev.csv")) {
            List<Seed> seeds = MmluCsv.seeds(csv, Files.readString(Path.of("../data/mmlu/dev", csv)));
            seeds.forEach(s -> KafkaTestClient.send(seedsTopic, s.task(), Json.encode(s)));
        }
        Path log = Path.of("target/stop-it/trainer.log");
        Files.deleteIfExists(log); // the process appends to it
        TrainerProcess trainer = TrainerProcess.start(KafkaTestResource.bootstrapServers(), log, List.of(
                "-Dmp.messaging.incoming.seeds-in.topic=" + seedsTopic, "-Dmp.messaging.incoming.seeds-in.group.id=stop-it-seeds",
                "-Dmp.messaging.incoming.scored-in.topic=stop-it.scored", "-Dmp.messaging.incoming.scored-in.group.id=stop-it-scored",
                "-Dmp.messaging.incoming.models-in.topic=stop-it.models", "-Dmp.messaging.incoming.models-in.group.id=stop-it-models",
                "-Dmp.messaging.outgoing.models-out.topic=stop-it.models", "-Dmcqa.training.batch-size=2",
                "-Dmcqa.store.uri=target/stop-it/models"));
        try {
            trainer.await("/v1/trainings/dataset", d -> d.path("seeds").asInt() == 15);
            assertEquals(202, trainer.post("/v1/trainings", "{\"epochs\": 20}").statusCode());
            trainer.await("/v1/trainings", d -> d.path("runs").path(0).path("step").asInt() >= 2);
            trainer.process().destroy();
            assertTrue(trainer.process().waitFor(60, TimeUnit.SECONDS), "the trainer did not stop within a minute");
        } finally {
            trainer.process().destroyForcibly();
        }
        File[] crashes = log.getParent().toFile().listFiles((dir, name) -> name.contains("hs_err"));
        assertFalse(crashes != null && crashes.length > 0, "the JVM crashed on the way out: target/stop-it/*hs_err*");
        assertEquals(STOPPED_BY_SIGTERM, trainer.process().exitValue(), "exit code; log: " + trainer.log());
        assertTrue(trainer.log().contains("cancelled at step"), "the run was cancelled before the process exited: " + trainer.log());
    }
}
