package dev.mcqa.inference.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.inference.web.Artifacts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The batcher, without Quarkus: what forms a batch, and that batching never changes an answer. */
class AnswererTest {
    private static final McqaInput QUESTION = new McqaInput("Which planet is the largest?", List.of("Mars", "Jupiter", "Venus", "Earth"));
    private static ModelHolder models;

    @BeforeAll
    static void loadModel() throws Exception {
        ModelRelease release = Artifacts.release("core-" + System.nanoTime(), 2f, false);
        models = new ModelHolder();
        models.swap(new ModelLoader(OrtSession.SessionOptions::new, Precision.AUTO, Batching.ON, 16)
                .load(Path.of(URI.create(release.artifactUri())), release.artifactUri(), release.version(), release.sha256()));
    }

    private static McqaInput question(int i) {
        return new McqaInput("Question number " + i + ": which planet is the largest?", List.of("Mars", "Jupiter", "Venus " + i, "Earth"));
    }

    @Test
    void requestsThatQueueWhileAModelRunsFormTheNextBatchAndGetTheirOwnAnswers() throws Exception {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        List<CompletableFuture<List<Answer>>> queued = new ArrayList<>();
        Answerer[] batcher = new Answerer[1];
        batcher[0] = new Answerer(models, Batching.ON, 32, Duration.ZERO, 256, size -> {
            batches.add(size);
            threads.add(Thread.currentThread().getName());
            if (batches.size() == 1) { // while the first batch is "running", 19 more requests arrive
                for (int i = 0; i < 19; i++) {
                    queued.add(batcher[0].answer(List.of(question(i))));
                }
            }
        });
        try (Answerer unbatched = new Answerer(models, Batching.OFF, 32, Duration.ZERO, 256, size -> { })) {
            batcher[0].answer(List.of(QUESTION)).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < queued.size(); i++) {
                Answer batched = queued.get(i).get(30, TimeUnit.SECONDS).get(0);
                Answer alone = unbatched.answer(List.of(question(i))).get(30, TimeUnit.SECONDS).get(0);
                assertEquals(alone.answer(), batched.answer());
                for (int c = 0; c < 4; c++) {
                    assertEquals(alone.probabilities().get(c), batched.probabilities().get(c), 1e-5, "question " + i + " choice " + c);
                }
            }
            assertEquals(List.of(1, 19), batches, "a lone request runs at once; the 19 that queued meanwhile run together");
            assertEquals(List.of(Thread.currentThread().getName(), "answer-batcher"), threads,
                    "the lone request ran on its caller's thread; the batch on the batcher's");
        } finally {
            batcher[0].close();
        }
    }

    @Test
    void autoBatchesAsWasChosenForTheServedModel() throws Exception {
        ModelRelease release = Artifacts.release("auto-" + System.nanoTime(), 2f, false);
        Path directory = Path.of(URI.create(release.artifactUri()));
        for (Batching chosen : List.of(Batching.ON, Batching.OFF)) {
            try (ModelHolder served = new ModelHolder()) {
                served.swap(new ModelLoader(OrtSession.SessionOptions::new, Precision.AUTO, chosen, 16)
                        .load(directory, release.artifactUri(), release.version(), release.sha256()));
                List<Integer> batches = new CopyOnWriteArrayList<>();
                List<CompletableFuture<List<Answer>>> queued = new ArrayList<>();
                Answerer[] auto = new Answerer[1];
                auto[0] = new Answerer(served, Batching.AUTO, 32, Duration.ZERO, 256, size -> {
                    batches.add(size);
                    if (batches.size() == 1) { // five requests arrive while the first runs
                        for (int i = 0; i < 5; i++) {
                            queued.add(auto[0].answer(List.of(question(i))));
                        }
                    }
                });
                try {
                    auto[0].answer(List.of(QUESTION)).get(30, TimeUnit.SECONDS);
                    for (CompletableFuture<List<Answer>> answer : queued) {
                        assertEquals(1, answer.get(30, TimeUnit.SECONDS).size());
                    }
                    assertEquals(chosen == Batching.ON, auto[0].batching());
                    assertEquals(chosen == Batching.ON ? List.of(1, 5) : List.of(1, 1, 1, 1, 1, 1), batches,
                            "batched together when the model's choice is to batch, each on its own run otherwise");
                } finally {
                    auto[0].close();
                }
            }
        }
    }

    @Test
    void autoMeasuresBothWaysWhenAModelLoads() throws Exception {
        ModelRelease release = Artifacts.release("measured-" + System.nanoTime(), 2f, false);
        ServedModel model = new ModelLoader(OrtSession.SessionOptions::new, Precision.AUTO, Batching.AUTO, 8)
                .load(Path.of(URI.create(release.artifactUri())), release.artifactUri(), release.version(), release.sha256());
        try {
            BatchingChoice choice = model.batching();
            assertEquals(Batching.AUTO, choice.setting());
            assertTrue(choice.batchedPerSecond() > 0 && choice.concurrentPerSecond() > 0, "both rates measured: " + choice);
            assertEquals(choice.batchedPerSecond() >= choice.concurrentPerSecond(), choice.batch(), "the faster way is chosen: " + choice);
        } finally {
            model.release();
        }
    }

    @Test
    void maxWaitGathersRequestsArrivingSoonAfter() throws Exception {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        try (Answerer answerer = new Answerer(models, Batching.ON, 32, Duration.ofSeconds(2), 256, batches::add)) {
            CompletableFuture<List<Answer>> first = answerer.answer(List.of(QUESTION));
            CompletableFuture<List<Answer>> second = answerer.answer(List.of(question(1), question(2)));
            assertEquals(1, first.get(30, TimeUnit.SECONDS).size());
            assertEquals(2, second.get(30, TimeUnit.SECONDS).size());
            assertEquals(List.of(3), batches);
        }
    }

    @Test
    void aBatchLargerThanTheLimitRunsInSlicesAndMixedChoiceCountsRunApart() throws Exception {
        List<Integer> batches = new CopyOnWriteArrayList<>();
        try (Answerer answerer = new Answerer(models, Batching.ON, 4, Duration.ZERO, 256, batches::add)) {
            List<McqaInput> questions = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                questions.add(question(i));
            }
            questions.add(new McqaInput("Yes or no?", List.of("yes", "no")));
            List<Answer> answers = answerer.answer(questions).get(30, TimeUnit.SECONDS);
            assertEquals(11, answers.size());
            assertEquals(2, answers.get(10).probabilities().size());
            assertEquals(List.of(4, 4, 2, 1), batches);
        }
    }

    @Test
    void closingWaitsForTheBatchBeingRunThenRefusesQuestions() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean finish = new AtomicBoolean();
        // A wait for more (1 ms) sends even a lone request through the batcher, whose batch close() must await.
        Answerer answerer = new Answerer(models, Batching.ON, 32, Duration.ofMillis(1), 256, size -> {
            running.countDown();
            while (!finish.get()) { // the batch is still "running"; deaf to close()'s interrupt, as native code is
                Thread.onSpinWait();
            }
        });
        CompletableFuture<List<Answer>> inFlight = answerer.answer(List.of(QUESTION));
        assertTrue(running.await(30, TimeUnit.SECONDS));
        CompletableFuture<Void> closing = CompletableFuture.runAsync(answerer::close);
        Thread.sleep(300);
        assertFalse(closing.isDone(), "close() returned while a batch was being run");
        finish.set(true);
        closing.get(30, TimeUnit.SECONDS);
        assertEquals(1, inFlight.get(30, TimeUnit.SECONDS).size(), "the batch being run when close() came was answered");
        ExecutionException refused = assertThrows(ExecutionException.class, () -> answerer.answer(List.of(QUESTION)).get(30, TimeUnit.SECONDS));
        assertInstanceOf(Answerer.StoppedException.class, refused.getCause());
    }

    /** An Answerer whose batcher holds its first batch until {@code release} is counted down. */
    private static Answerer held(CountDownLatch running, CountDownLatch release, int maxQueued, List<Integer> batches) {
        return new Answerer(models, Batching.ON, 32, Duration.ofMillis(1), maxQueued, size -> {
            batches.add(size);
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void beyondMaxQueuedQuestionsARequestIsRefusedAtOnceAndAGivenUpOneIsNotComputed() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> batches = new CopyOnWriteArrayList<>();
        try (Answerer answerer = held(running, release, 3, batches)) {
            CompletableFuture<List<Answer>> first = answerer.answer(List.of(QUESTION));
            assertTrue(running.await(30, TimeUnit.SECONDS));
            CompletableFuture<List<Answer>> kept = answerer.answer(List.of(question(1), question(2)));
            CompletableFuture<List<Answer>> givenUp = answerer.answer(List.of(question(3)));
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> answerer.answer(List.of(question(4))).get(1, TimeUnit.SECONDS), "3 questions wait already");
            assertInstanceOf(Answerer.OverloadedException.class, refused.getCause());
            givenUp.cancel(false);
            release.countDown();
            assertEquals(1, first.get(30, TimeUnit.SECONDS).size());
            assertEquals(2, kept.get(30, TimeUnit.SECONDS).size());
            assertEquals(List.of(1, 2), batches, "the given-up question was dropped, not computed");
            assertEquals(1, answerer.answer(List.of(question(5))).get(30, TimeUnit.SECONDS).size(), "room again once the queue drained");
        }
    }

    @Test
    void anErrorInABatchFailsThatBatchAndTheBatcherGoesOn() throws Exception {
        AtomicBoolean thrown = new AtomicBoolean();
        try (Answerer answerer = new Answerer(models, Batching.ON, 32, Duration.ofMillis(1), 256, size -> {
            if (thrown.compareAndSet(false, true)) {
                throw new OutOfMemoryError("injected");
            }
        })) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> answerer.answer(List.of(QUESTION)).get(30, TimeUnit.SECONDS));
            assertInstanceOf(OutOfMemoryError.class, failed.getCause());
            assertEquals(1, answerer.answer(List.of(QUESTION)).get(30, TimeUnit.SECONDS).size(), "the next request is answered");
            assertTrue(answerer.alive());
            assertEquals(1, answerer.batchFailures());
        }
    }
}
