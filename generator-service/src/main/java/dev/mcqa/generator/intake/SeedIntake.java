package dev.mcqa.generator.intake;

import dev.mcqa.contract.Seed;
import dev.mcqa.contract.Violation;
import dev.mcqa.generator.intake.IntakeReport.Item;
import dev.mcqa.generator.intake.IntakeReport.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Publishes valid, new seeds and reports on every candidate. A seed counts as accepted only once
 * the broker has acknowledged it; a known seed is reported as a duplicate and not published again.
 */
public final class SeedIntake {

    /** Where accepted seeds go; completes when the broker has the seed. */
    public interface Publisher {
        CompletionStage<Void> publish(Seed seed);
    }

    private final SeedRegistry registry;
    private final Publisher publisher;
    private final Duration publishTimeout;
    private final int maxTasks;

    /** @param maxTasks most distinct tasks this instance takes seeds of (task names become metric tags and per-task state) */
    public SeedIntake(SeedRegistry registry, Publisher publisher, Duration publishTimeout, int maxTasks) {
        this.registry = registry;
        this.publisher = publisher;
        this.publishTimeout = publishTimeout;
        this.maxTasks = maxTasks;
    }

    /**
     * Candidates submitted as they come, {@code chunk} at a time (each chunk published and
     * acknowledged before the next is read), so that an import of any size holds one chunk of seeds;
     * the report still lists every candidate, in order.
     */
    public final class Stream implements java.util.function.Consumer<Candidate> {
        private final int chunk;
        private final List<Candidate> pending = new ArrayList<>();
        private final List<Item> items = new ArrayList<>();

        private Stream(int chunk) {
            this.chunk = chunk;
        }

        @Override
        public void accept(Candidate candidate) {
            pending.add(candidate);
            if (pending.size() == chunk) {
                flush();
            }
        }

        public IntakeReport report() {
            flush();
            return IntakeReport.of(items);
        }

        private void flush() {
            int offset = items.size();
            submit(pending).items().forEach(item -> items.add(new Item(offset + item.index(), item.source(), item.task(), item.id(),
                    item.outcome(), item.reason())));
            pending.clear();
        }
    }

    public Stream stream(int chunk) {
        return new Stream(chunk);
    }

    public IntakeReport submit(List<Candidate> candidates) {
        List<CompletableFuture<Item>> pending = new ArrayList<>();
        for (int index = 0; index < candidates.size(); index++) {
            pending.add(submit(index, candidates.get(index)));
        }
        List<Item> items = new ArrayList<>();
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        for (int index = 0; index < pending.size(); index++) {
            items.add(await(pending.get(index), candidates.get(index), index, deadline));
        }
        return IntakeReport.of(items);
    }

    private CompletableFuture<Item> submit(int index, Candidate candidate) {
        Seed seed = candidate.seed();
        if (seed == null) {
            return CompletableFuture.completedFuture(new Item(index, candidate.source(), null, null, Outcome.REJECTED,
                    candidate.violations().stream().map(Violation::toString).collect(Collectors.joining("; "))));
        }
        if (!registry.claim(seed.id())) {
            return CompletableFuture.completedFuture(new Item(index, seed.source(), seed.task(), seed.id(), Outcome.DUPLICATE, null));
        }
        if (!registry.admitTask(seed.task(), maxTasks)) {
            registry.release(seed.id());
            return CompletableFuture.completedFuture(new Item(index, seed.source(), seed.task(), seed.id(), Outcome.REJECTED,
                    "task: a new task beyond the limit of " + maxTasks + " distinct tasks (mcqa.intake.max-tasks)"));
        }
        return publisher.publish(seed).toCompletableFuture()
                .thenApply(done -> new Item(index, seed.source(), seed.task(), seed.id(), Outcome.ACCEPTED, null));
    }

    private Item await(CompletableFuture<Item> pending, Candidate candidate, int index, long deadline) {
        try {
            return pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(candidate, index, "interrupted while waiting for the broker");
        } catch (ExecutionException e) {
            return failed(candidate, index, "not published: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return failed(candidate, index, "the broker did not acknowledge within " + publishTimeout.toMillis() + " ms");
        }
    }

    private Item failed(Candidate candidate, int index, String reason) {
        Seed seed = candidate.seed();
        registry.release(seed.id());
        return new Item(index, seed.source(), seed.task(), seed.id(), Outcome.FAILED, reason + "; retrying is safe");
    }
}
