package dev.mcqa.contract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The project's one measure of "the same question, nearly": the Jaccard similarity of two texts'
 * word sets (letters and digits, after {@link Text#comparisonKey}). Used by the generator (a new
 * question against its task's seeds and items), the MMLU split (the bank against the evaluation
 * half) and the trainer (training examples against the held-out questions).
 */
public final class NearCopies {
    /** Similarity at or above which two whole items (question and choices) count as near-copies. */
    public static final double ITEM_THRESHOLD = 0.8;

    private final List<Set<String>> known = new ArrayList<>();
    private final double threshold;

    /** An index of texts that others are compared against. */
    public NearCopies(double threshold) {
        this.threshold = threshold;
    }

    public void add(String text) {
        known.add(tokens(text));
    }

    /** Whether {@code text} is at least {@code threshold} similar to some text added. */
    public boolean matches(String text) {
        Set<String> tokens = tokens(text);
        for (Set<String> other : known) {
            // |A n B| / |A u B| <= min / max: skip pairs whose sizes alone rule the threshold out.
            int small = Math.min(tokens.size(), other.size());
            int large = Math.max(tokens.size(), other.size());
            if (large > 0 && (double) small / large < threshold) {
                continue;
            }
            if (similarity(tokens, other) >= threshold) {
                return true;
            }
        }
        return false;
    }

    /** A question with its choices as one text, for comparing whole items. */
    public static String itemText(String question, List<String> choices) {
        return question + "\n" + String.join("\n", choices);
    }

    public static Set<String> tokens(String text) {
        return Arrays.stream(Text.comparisonKey(text).split("[^\\p{L}\\p{N}]+")).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
    }

    /** Jaccard similarity of two token sets. */
    public static double similarity(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        long common = a.stream().filter(b::contains).count();
        return (double) common / (a.size() + b.size() - common);
    }
}
