package dev.mcqa.inference.core;

import dev.mcqa.encoding.McqaInput;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Whether a model answers concurrent requests as batches, and the figures it was decided on.
 * Which is cheaper depends on the hardware and the model: a batch fills spare width (a GPU, many
 * cores), while on a few CPU cores concurrent runs already fill the gaps between operators, and a
 * batcher that runs one batch at a time can only lose. So {@link Batching#AUTO} measures it.
 *
 * @param setting             the configured {@link Batching}
 * @param batch               whether concurrent requests are run as batches
 * @param batchedPerSecond    questions/s in batches of {@code size}, one after another (NaN: not measured)
 * @param concurrentPerSecond questions/s with {@code size} single-question runs at once (NaN: not measured)
 */
public record BatchingChoice(Batching setting, boolean batch, double batchedPerSecond, double concurrentPerSecond) {

    /** A model run on some questions that share one choice count. */
    @FunctionalInterface
    public interface ModelRun {
        void run(List<McqaInput> questions) throws Exception;
    }

    /** The choice {@code ON} or {@code OFF} makes without measuring. */
    static BatchingChoice fixed(Batching setting) {
        return new BatchingChoice(setting, setting != Batching.OFF, Double.NaN, Double.NaN);
    }

    /**
     * Times {@code size} copies of {@code question} as one batch and as {@code size} concurrent runs,
     * in turns ({@code rounds} of each after one of warm-up, alternating which goes first, since the
     * machine's speed drifts), and batches when the median batch is at least as fast as the median
     * set of concurrent runs.
     */
    static BatchingChoice measure(ModelRun model, McqaInput question, int size, int rounds) throws Exception {
        List<Double> batchedNanos = new ArrayList<>();
        List<Double> concurrentNanos = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(size, runnable -> {
            Thread caller = new Thread(runnable, "batching-probe");
            caller.setDaemon(true);
            return caller;
        });
        try {
            for (int round = 0; round <= rounds; round++) {
                long batched;
                long concurrent;
                if (round % 2 == 0) {
                    batched = batched(model, question, size);
                    concurrent = concurrent(model, question, size, callers);
                } else {
                    concurrent = concurrent(model, question, size, callers);
                    batched = batched(model, question, size);
                }
                if (round > 0) { // round 0 warms up both paths
                    batchedNanos.add((double) batched);
                    concurrentNanos.add((double) concurrent);
                }
            }
        } finally {
            callers.shutdownNow();
        }
        double batchedPerSecond = size / (median(batchedNanos) / 1e9);
        double concurrentPerSecond = size / (median(concurrentNanos) / 1e9);
        return new BatchingChoice(Batching.AUTO, batchedPerSecond >= concurrentPerSecond, batchedPerSecond, concurrentPerSecond);
    }

    private static long batched(ModelRun model, McqaInput question, int size) throws Exception {
        long start = System.nanoTime();
        model.run(Collections.nCopies(size, question));
        return System.nanoTime() - start;
    }

    /** The time from releasing {@code size} waiting callers until the last has its answer. */
    private static long concurrent(ModelRun model, McqaInput question, int size, ExecutorService callers) throws Exception {
        CountDownLatch ready = new CountDownLatch(size);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> ends = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ends.add(callers.submit(() -> {
                ready.countDown();
                go.await();
                model.run(List.of(question));
                return System.nanoTime();
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        long last = start;
        for (Future<Long> end : ends) {
            last = Math.max(last, end.get());
        }
        return last - start;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
