package dev.mcqa.teacher.simulated;

import dev.mcqa.contract.GeneratedItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The SIMULATED teacher, for machines without LLM weights: it is not an LLM and every message it
 * produces says "simulated". It scores an item as a teacher of configurable top-1 accuracy and
 * confidence would: with probability {@code accuracy} its top choice is the item's intended answer,
 * otherwise another choice; the top choice gets {@code confidence}, the others share the rest at
 * random. Deterministic: the same item id always gets the same probabilities.
 */
public final class SimulatedTeacher {
    /** The name under which it appears as teacher and scorer in every message. */
    public static final String NAME = "simulated";

    private final double accuracy;
    private final double confidence;

    /**
     * @param accuracy   share of items whose top choice is the intended answer, in [0, 1]
     * @param confidence probability of the top choice, in [0.5, 1) so that it stays the top one
     */
    public SimulatedTeacher(double accuracy, double confidence) {
        if (accuracy < 0 || accuracy > 1) {
            throw new IllegalArgumentException("accuracy must be in [0, 1], got " + accuracy);
        }
        if (confidence < 0.5 || confidence >= 1) {
            throw new IllegalArgumentException("confidence must be in [0.5, 1), got " + confidence);
        }
        this.accuracy = accuracy;
        this.confidence = confidence;
    }

    public double accuracy() {
        return accuracy;
    }

    public List<Double> probabilities(GeneratedItem item) {
        Random random = new Random(item.id().hashCode() * 31L + Long.parseLong(item.id().substring(0, 12), 16));
        int n = item.choices().size();
        int top = item.intendedAnswer();
        if (random.nextDouble() >= accuracy) {
            top = (top + 1 + random.nextInt(n - 1)) % n;
        }
        double[] rest = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (i != top) {
                rest[i] = 0.2 + random.nextDouble();
                sum += rest[i];
            }
        }
        List<Double> probabilities = new ArrayList<>(n);
        double total = 0;
        for (int i = 0; i < n; i++) {
            double p = i == top ? confidence : (1 - confidence) * rest[i] / sum;
            probabilities.add(p);
            total += p;
        }
        double correction = total;
        return probabilities.stream().map(p -> p / correction).toList();
    }
}
