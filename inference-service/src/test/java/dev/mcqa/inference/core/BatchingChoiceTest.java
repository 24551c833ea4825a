package dev.mcqa.inference.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.encoding.McqaInput;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** Plain Java: auto batching picks whichever way runs concurrent questions faster, on models faked with sleeps. */
class BatchingChoiceTest {
    private static final McqaInput QUESTION = new McqaInput("Which planet is the largest?", List.of("Mars", "Jupiter", "Venus", "Earth"));

    @Test
    void aModelThatRunsOneCallAtATimeWithAFixedCostPerCallIsBatched() throws Exception {
        // As a GPU: a run costs 20 ms whatever its size (plus 1 ms a question), and runs queue behind each other.
        ReentrantLock device = new ReentrantLock();
        BatchingChoice choice = BatchingChoice.measure(questions -> {
            device.lock();
            try {
                Thread.sleep(20 + questions.size());
            } finally {
                device.unlock();
            }
        }, QUESTION, 8, 3);
        assertTrue(choice.batch(), "a batch of 8 takes about 28 ms, 8 runs at once about 168 ms: " + choice);
        assertTrue(choice.batchedPerSecond() > 3 * choice.concurrentPerSecond(), choice.toString());
        assertEquals(Batching.AUTO, choice.setting());
    }

    @Test
    void aModelWhoseRunsOverlapAndCostPerQuestionRunsConcurrently() throws Exception {
        // Runs overlap freely and cost 5 ms a question: a batch of 8 takes 40 ms, 8 runs at once about 5 ms.
        BatchingChoice choice = BatchingChoice.measure(questions -> Thread.sleep(5L * questions.size()), QUESTION, 8, 3);
        assertFalse(choice.batch(), choice.toString());
        assertTrue(choice.concurrentPerSecond() > 3 * choice.batchedPerSecond(), choice.toString());
    }

    @Test
    void onAndOffAreTakenAsSaidWithoutMeasuring() {
        assertTrue(BatchingChoice.fixed(Batching.ON).batch());
        assertFalse(BatchingChoice.fixed(Batching.OFF).batch());
        assertTrue(Double.isNaN(BatchingChoice.fixed(Batching.ON).batchedPerSecond()));
    }
}
