package dev.mcqa.generator.generation;

import dev.mcqa.contract.GenerationMethod;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** One generation run and its progress; thread-safe. */
public final class GenerationRun {

    /** CANCELLED: its task went to another instance; the items not yet begun were not made. */
    public enum State { RUNNING, DONE, CANCELLED }

    /** What {@code GET /v1/generations/{id}} shows. */
    public record Progress(String id, String task, GenerationMethod method, String teacher, State state, int requested,
                          int produced, int rejected, SortedMap<String, Integer> rejectedByReason, int failed,
                          Instant startedAt, Instant finishedAt) {
    }

    private final String id;
    private final String task;
    private final GenerationMethod method;
    private final String teacher;
    private final int requested;
    private final Instant startedAt = Instant.now();
    private final AtomicInteger produced = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger pending;
    private final Map<String, Integer> rejected = new ConcurrentHashMap<>();
    private volatile Instant finishedAt;
    private volatile boolean cancelled;

    GenerationRun(String id, String task, GenerationMethod method, String teacher, int requested) {
        this.id = id;
        this.task = task;
        this.method = method;
        this.teacher = teacher;
        this.requested = requested;
        this.pending = new AtomicInteger(requested);
    }

    public String id() {
        return id;
    }

    public String task() {
        return task;
    }

    public GenerationMethod method() {
        return method;
    }

    void produced() {
        produced.incrementAndGet();
        settle();
    }

    void rejected(String reason) {
        rejected.merge(reason, 1, Integer::sum);
        settle();
    }

    /** The teacher stayed unreachable past the retry budget; the item was not made. */
    void failed() {
        failed.incrementAndGet();
        settle();
    }

    /** Items not yet begun are not made. */
    void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** An item not made because the run was cancelled. */
    void skipped() {
        settle();
    }

    public boolean done() {
        return finishedAt != null;
    }

    private void settle() {
        if (pending.decrementAndGet() == 0) {
            finishedAt = Instant.now();
        }
    }

    public Progress progress() {
        SortedMap<String, Integer> byReason = new TreeMap<>(rejected);
        return new Progress(id, task, method, teacher, !done() ? State.RUNNING : cancelled ? State.CANCELLED : State.DONE, requested, produced.get(),
                byReason.values().stream().mapToInt(Integer::intValue).sum(), byReason, failed.get(), startedAt, finishedAt);
    }
}
