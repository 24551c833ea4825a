package dev.mcqa.inference.core;

import ai.onnxruntime.OrtException;
import dev.mcqa.encoding.McqaInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers questions with the current model. With dynamic batching (on, or chosen for the model by
 * {@link Batching#AUTO}), the model runs one batch at a time: the requests that queued while it ran the previous one form the next (up to {@code maxBatch}
 * questions, after waiting at most {@code maxWait} for more), grouped by choice count and run as one
 * batch each, padded per batch. A lone request therefore never waits when {@code maxWait} is zero,
 * and batches grow with load by themselves; it even runs on its caller's thread when nothing else is
 * queued or running. Without, each request runs on its own caller's thread. At most {@code maxQueued}
 * questions wait; a request its caller gave up on (cancelled at its timeout) is not computed.
 */
public final class Answerer implements AutoCloseable {

    /** Called after each model run with the number of questions in it. */
    public interface BatchListener {
        void ran(int questions);
    }

    /** Thrown when {@code maxQueued} questions already wait: the caller should come back later (503 with Retry-After). */
    public static final class OverloadedException extends RuntimeException {
        public OverloadedException(int queued) {
            super(queued + " questions are already waiting for the model; try again shortly");
        }
    }

    /** Thrown for questions asked after {@link #close()}. */
    public static final class StoppedException extends RuntimeException {
        public StoppedException() {
            super("the service is stopping");
        }
    }

    private record Pending(List<McqaInput> questions, CompletableFuture<List<Answer>> result) {
    }

    private static final Logger LOG = Logger.getLogger(Answerer.class.getName());
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private final ModelHolder models;
    private final int maxBatch;
    private final long maxWaitNanos;
    private final Batching batching;
    private final BatchListener listener;
    private final int maxQueued;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Questions in {@link #queue}, bounded by {@code maxQueued}. */
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong batchFailures = new AtomicLong();
    private final Thread worker;
    private final Semaphore running = new Semaphore(1); // one model run at a time while batching
    private volatile boolean stopped;

    /** @param maxQueued most questions waiting for the batcher; beyond, requests fail at once with {@link OverloadedException} */
    public Answerer(ModelHolder models, Batching batching, int maxBatch, Duration maxWait, int maxQueued, BatchListener listener) {
        this.models = models;
        this.maxQueued = maxQueued;
        this.batching = batching;
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.listener = listener;
        this.worker = new Thread(this::gather, "answer-batcher");
        worker.setDaemon(true);
        if (batching != Batching.OFF) {
            worker.start();
        }
    }

    /** The answers, in order; fails with {@link ModelHolder.NoModelException} while no model is loaded. */
    public CompletableFuture<List<Answer>> answer(List<McqaInput> questions) {
        if (stopped) {
            return CompletableFuture.failedFuture(new StoppedException());
        }
        if (!batching()) {
            CompletableFuture<List<Answer>> result = new CompletableFuture<>();
            run(List.of(new Pending(questions, result)));
            return result;
        }
        // Nothing queued, nothing running, no wait for more configured: the caller's thread runs its
        // questions at once, saving the two thread hand-offs to the batcher and back.
        if (maxWaitNanos == 0 && queue.isEmpty() && running.tryAcquire()) {
            try {
                CompletableFuture<List<Answer>> result = new CompletableFuture<>();
                run(List.of(new Pending(questions, result)));
                return result;
            } finally {
                running.release();
            }
        }
        if (queued.addAndGet(questions.size()) > maxQueued) {
            queued.addAndGet(-questions.size());
            return CompletableFuture.failedFuture(new OverloadedException(queued.get()));
        }
        Pending pending = new Pending(questions, new CompletableFuture<>());
        queue.add(pending);
        if (stopped && queue.remove(pending)) { // raced with close(): nobody will take it
            pending.result().completeExceptionally(new StoppedException());
        }
        return pending.result();
    }

    private void gather() {
        while (!Thread.currentThread().isInterrupted()) {
            List<Pending> batch = new ArrayList<>();
            try {
                batch.add(taken(queue.take()));
                running.acquire(); // after a run on a caller's thread, if one is under way
                try {
                    int size = batch.get(0).questions().size();
                    // What queued while the previous run went on joins at once; only then wait (up to maxWait) for more.
                    long deadline = System.nanoTime() + maxWaitNanos;
                    while (size < maxBatch) {
                        Pending next = queue.poll();
                        if (next == null) {
                            long left = deadline - System.nanoTime();
                            next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                            if (next == null) {
                                break;
                            }
                        }
                        batch.add(taken(next));
                        size += next.questions().size();
                    }
                    run(batch);
                } finally {
                    running.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(p -> p.result().completeExceptionally(new StoppedException()));
            } catch (Throwable e) {
                // An Error in a model run (OutOfMemoryError, a native failure) fails its batch, not the
                // batcher: without this the thread would die and every later request time out.
                batchFailures.incrementAndGet();
                LOG.log(Level.SEVERE, "a batch of " + batch.size() + " requests failed", e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            }
        }
    }

    private Pending taken(Pending pending) {
        queued.addAndGet(-pending.questions().size());
        return pending;
    }

    /** Whether concurrent requests are batched now: always when on, as measured for the current model when auto. */
    public boolean batching() {
        return switch (batching) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> models.current().map(model -> model.batching().batch()).orElse(true);
        };
    }

    /** Whether requests can be answered: the batcher thread runs (always true when batching is off). */
    public boolean alive() {
        return batching == Batching.OFF || worker.isAlive() || stopped;
    }

    /** Batches that failed with an unexpected Throwable (their requests answered with it), since start. */
    public long batchFailures() {
        return batchFailures.get();
    }

    /** Runs requests on one model: one ONNX run per choice count. Requests given up by their caller (cancelled) are dropped unrun. */
    private void run(List<Pending> all) {
        List<Pending> requests = all.stream().filter(r -> !r.result().isDone()).toList();
        if (requests.isEmpty()) {
            return;
        }
        ServedModel model;
        try {
            model = models.acquire();
        } catch (RuntimeException e) {
            requests.forEach(r -> r.result().completeExceptionally(e));
            return;
        }
        try {
            Map<Integer, List<int[]>> byChoices = new LinkedHashMap<>(); // choice count -> (request, question)
            for (int r = 0; r < requests.size(); r++) {
                List<McqaInput> questions = requests.get(r).questions();
                for (int q = 0; q < questions.size(); q++) {
                    byChoices.computeIfAbsent(questions.get(q).choices().size(), k -> new ArrayList<>()).add(new int[] {r, q});
                }
            }
            Answer[][] answers = new Answer[requests.size()][];
            for (int r = 0; r < requests.size(); r++) {
                answers[r] = new Answer[requests.get(r).questions().size()];
            }
            for (Map.Entry<Integer, List<int[]>> group : byChoices.entrySet()) {
                List<int[]> places = group.getValue();
                for (int start = 0; start < places.size(); start += maxBatch) {
                    List<int[]> slice = places.subList(start, Math.min(places.size(), start + maxBatch));
                    float[] logits = model.logits(slice.stream().map(p -> requests.get(p[0]).questions().get(p[1])).toList());
                    listener.ran(slice.size());
                    int n = group.getKey();
                    for (int i = 0; i < slice.size(); i++) {
                        answers[slice.get(i)[0]][slice.get(i)[1]] = answer(Arrays.copyOfRange(logits, i * n, (i + 1) * n), model.version());
                    }
                }
            }
            for (int r = 0; r < requests.size(); r++) {
                requests.get(r).result().complete(List.of(answers[r]));
            }
        } catch (OrtException | RuntimeException e) {
            requests.forEach(r -> r.result().completeExceptionally(e));
        } finally {
            models.release(model);
        }
    }

    static Answer answer(float[] logits, String version) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        int best = 0;
        List<Double> probabilities = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) {
            probabilities.add(p[i] / sum);
            best = p[i] > p[best] ? i : best;
        }
        return new Answer(best, String.valueOf((char) ('A' + best)), probabilities, version);
    }

    /**
     * Stops taking questions and waits for the batch being run: a process that exits while ONNX
     * Runtime runs crashes in native code. Questions still queued fail with {@link StoppedException}.
     */
    @Override
    public void close() {
        stopped = true;
        worker.interrupt();
        try {
            worker.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending left = queue.poll(); left != null; left = queue.poll()) {
            left.result().completeExceptionally(new StoppedException());
        }
    }
}
