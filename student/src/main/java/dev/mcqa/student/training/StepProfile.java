package dev.mcqa.student.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a training step's time goes, phase by phase, summed over the steps it was given to
 * ({@link Distiller#step(java.util.List, StepProfile)}); libtorch runs CPU operators synchronously,
 * so a phase's wall time is its operators' time.
 */
public final class StepProfile {
    /** The profile of nobody: records nothing. */
    static final StepProfile NONE = new StepProfile();
    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private long phaseStart;

    void start() {
        if (this != NONE) {
            phaseStart = System.nanoTime();
        }
    }

    /** Ends the phase under way, which began at the last {@code start} or {@code ended}, and starts the next. */
    void ended(String phase) {
        if (this == NONE) {
            return;
        }
        long now = System.nanoTime();
        nanos.merge(phase, now - phaseStart, Long::sum);
        phaseStart = now;
    }

    /** Seconds per phase, in the order the phases run. */
    public Map<String, Double> seconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        nanos.forEach((phase, total) -> seconds.put(phase, total / 1e9));
        return seconds;
    }
}
