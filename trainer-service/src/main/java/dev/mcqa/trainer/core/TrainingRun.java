package dev.mcqa.trainer.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** One training run and its progress; written by the training thread, read by anyone. */
public final class TrainingRun {

    public enum State { QUEUED, TRAINING, EVALUATING, RELEASED, NOT_RELEASED, CANCELLED, FAILED }

    /** The loss of one training step (steps counted over all epochs, from 1). */
    public record LossPoint(int step, float loss) {
    }

    /** What {@code GET /v1/trainings/{id}} shows; {@code shuffleTargets}: a control run. */
    public record Progress(String id, State state, boolean shuffleTargets, int epoch, int epochs, int step, int totalSteps, Float loss,
                           Long secondsLeft, int seeds, int scoredItems, Map<String, Object> dataset,
                           Map<String, Double> metrics, String version, String reason, Instant startedAt, Instant finishedAt) {
    }

    private final String id;
    private final boolean shuffleTargets;
    private final int epochs;
    private final Instant startedAt = Instant.now();
    private volatile State state = State.QUEUED;
    private volatile int epoch;
    private volatile int step;
    private volatile int totalSteps;
    private volatile Float loss;
    /** Every step's loss, for the loss curve: a float and an int per step, a few thousand steps at most in practice. */
    private final List<LossPoint> losses = new ArrayList<>();
    private volatile long trainingStartNanos;
    private volatile int seeds;
    private volatile int scoredItems;
    private volatile Map<String, Object> dataset = Map.of();
    private volatile Map<String, Double> metrics = Map.of();
    private volatile String version;
    private volatile String reason;
    private volatile Instant finishedAt;
    private volatile boolean cancelRequested;
    private final Consumer<State> ending;

    /** @param ending told the run's end before anyone can see it, so that whoever sees it ended sees its consequences too */
    TrainingRun(String id, boolean shuffleTargets, int epochs, Consumer<State> ending) {
        this.id = id;
        this.shuffleTargets = shuffleTargets;
        this.epochs = epochs;
        this.ending = ending;
    }

    public String id() {
        return id;
    }

    public State state() {
        return state;
    }

    public boolean active() {
        return finishedAt == null;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void requestCancel() {
        cancelRequested = true;
    }

    void training(int seeds, int scoredItems) {
        this.seeds = seeds;
        this.scoredItems = scoredItems;
        trainingStartNanos = System.nanoTime();
        state = State.TRAINING;
    }

    /** The dataset summary of the run (what was trained on, left out, cut). */
    void dataset(Map<String, Object> summary) {
        dataset = summary;
    }

    void stepped(int epoch, int step, int totalSteps, float loss) {
        this.epoch = epoch;
        this.step = step;
        this.totalSteps = totalSteps;
        this.loss = loss;
        synchronized (losses) {
            losses.add(new LossPoint(step, loss));
        }
    }

    /** The loss of every step so far, in order. */
    public List<LossPoint> losses() {
        synchronized (losses) {
            return List.copyOf(losses);
        }
    }

    void evaluating() {
        state = State.EVALUATING;
    }

    void finish(State end, Map<String, Double> metrics, String version, String reason) {
        if (finishedAt != null) {
            return;
        }
        ending.accept(end);
        this.metrics = metrics == null ? this.metrics : Map.copyOf(metrics);
        this.version = version;
        this.reason = reason;
        this.state = end;
        this.finishedAt = Instant.now();
    }

    /** Time left of the training part, from the pace so far. */
    Duration estimatedLeft() {
        if (step == 0 || totalSteps == 0) {
            return null;
        }
        long elapsed = System.nanoTime() - trainingStartNanos;
        return Duration.ofNanos(elapsed / step * (totalSteps - step));
    }

    public Progress progress() {
        Duration left = state == State.TRAINING ? estimatedLeft() : null;
        return new Progress(id, state, shuffleTargets, epoch + (state == State.QUEUED ? 0 : 1), epochs, step, totalSteps, loss,
                left == null ? null : left.toSeconds(), seeds, scoredItems, dataset, metrics, version, reason, startedAt, finishedAt);
    }
}
