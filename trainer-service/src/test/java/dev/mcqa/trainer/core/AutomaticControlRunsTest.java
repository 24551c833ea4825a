package dev.mcqa.trainer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.store.DirectoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Plain Java: the gate drill, where automatic runs are shuffled-targets control runs and requested runs are not. */
class AutomaticControlRunsTest {
    private static final Path STORE = Path.of("target/control-runs-models");

    @Test
    void automaticRunsAreControlRunsWhenTheDrillIsOnAndARequestSaysItsOwn() throws Exception {
        try (Trainer trainer = new Trainer(RunErrorsTest.dataset(10), RunErrorsTest.settings(Duration.ofMinutes(1), true),
                new DirectoryStore(STORE), release -> { }, Optional::empty)) {
            trainer.scoredArrived(1);
            TrainingRun automatic = trainer.runs().get(0);
            assertTrue(automatic.progress().shuffleTargets(), "the automatic run is a control run");
            RunErrorsTest.awaitEnd(automatic);
            TrainingRun requested = trainer.start(new Trainer.Request(false, false, null));
            assertFalse(requested.progress().shuffleTargets(), "a requested run is what its request says");
            trainer.cancel(requested.id());
            RunErrorsTest.awaitEnd(requested);
            assertEquals(2, trainer.runs().size());
        }
    }
}
