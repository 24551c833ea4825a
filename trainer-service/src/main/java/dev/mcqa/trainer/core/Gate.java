package dev.mcqa.trainer.core;

import java.util.List;
import java.util.Locale;

/**
 * Whether a candidate may replace the current release. Both are run on exactly the same validation
 * questions (which are never the questions a release reports on), and the candidate is refused only
 * when McNemar's one-sided exact test says it is worse at the configured level: two equally good
 * models are then refused at most that often, whatever the number of questions, while a clearly
 * worse one is refused.
 *
 * @param level the significance level of the test (e.g. 0.05)
 */
public record Gate(double level) {
    public Gate {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the gate's level must be in (0, 1), got " + level);
        }
    }

    /** The decision and the figures behind it. */
    public record Decision(boolean release, PairedComparison comparison, double pWorse, String reason) {
    }

    public Decision decide(List<Boolean> candidate, List<Boolean> current, String currentVersion) {
        PairedComparison comparison = PairedComparison.of(candidate, current);
        double pWorse = comparison.pCandidateWorse();
        boolean release = pWorse >= level;
        String reason = String.format(Locale.ROOT,
                "on %d validation questions: %d right against %d of release %s (%d won, %d lost); one-sided McNemar p = %.4f %s level %.2f",
                comparison.questions(), comparison.candidateRight(), comparison.referenceRight(), currentVersion,
                comparison.candidateRightOnly(), comparison.referenceRightOnly(), pWorse, release ? ">=" : "<", level);
        return new Decision(release, comparison, pWorse, release ? reason : "worse than the current release: " + reason);
    }
}
