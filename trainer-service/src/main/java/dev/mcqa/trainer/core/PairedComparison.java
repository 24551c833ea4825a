package dev.mcqa.trainer.core;

import java.util.List;

/**
 * Two models answered the same questions: how sure is it that one is better? Accuracy intervals
 * (Wilson, 95%), the difference with its paired interval (normal approximation over per-question
 * differences, which the pairing makes much narrower than two separate intervals), and McNemar's
 * exact test on the questions where exactly one of them is right.
 *
 * @param candidateRightOnly questions the candidate gets right and the reference wrong
 * @param referenceRightOnly questions the reference gets right and the candidate wrong
 */
public record PairedComparison(int questions, int candidateRight, int referenceRight, int candidateRightOnly,
                               int referenceRightOnly) {
    /** z of a two-sided 95% interval. */
    static final double Z95 = 1.959963984540054;

    public static PairedComparison of(List<Boolean> candidate, List<Boolean> reference) {
        if (candidate.size() != reference.size()) {
            throw new IllegalArgumentException("the two models answered different numbers of questions: "
                    + candidate.size() + " and " + reference.size());
        }
        int candidateRight = 0;
        int referenceRight = 0;
        int candidateOnly = 0;
        int referenceOnly = 0;
        for (int i = 0; i < candidate.size(); i++) {
            boolean c = candidate.get(i);
            boolean r = reference.get(i);
            candidateRight += c ? 1 : 0;
            referenceRight += r ? 1 : 0;
            candidateOnly += c && !r ? 1 : 0;
            referenceOnly += r && !c ? 1 : 0;
        }
        return new PairedComparison(candidate.size(), candidateRight, referenceRight, candidateOnly, referenceOnly);
    }

    /** Candidate accuracy minus reference accuracy. */
    public double difference() {
        return questions == 0 ? Double.NaN : (double) (candidateRightOnly - referenceRightOnly) / questions;
    }

    /** 95% interval of {@link #difference()} from the per-question differences (each -1, 0 or +1). */
    public double[] differenceInterval() {
        int n = questions;
        double mean = difference();
        double meanOfSquares = (double) (candidateRightOnly + referenceRightOnly) / n;
        double variance = n > 1 ? (meanOfSquares - mean * mean) * n / (n - 1) : Double.NaN;
        double half = Z95 * Math.sqrt(variance / n);
        return new double[] {mean - half, mean + half};
    }

    /** McNemar's exact two-sided p-value: how often a difference at least this large comes from two equally good models. */
    public double pValue() {
        int discordant = candidateRightOnly + referenceRightOnly;
        return Math.min(1, 2 * upperTail(discordant, Math.max(candidateRightOnly, referenceRightOnly)));
    }

    /** One-sided McNemar p-value for "the candidate is worse": small when it loses clearly more questions than it wins. */
    public double pCandidateWorse() {
        return upperTail(candidateRightOnly + referenceRightOnly, referenceRightOnly);
    }

    /** P(X >= k) for X ~ Binomial(n, 1/2), summed in log space (n can be thousands). */
    static double upperTail(int n, int k) {
        if (k <= 0) {
            return 1;
        }
        if (k > n) {
            return 0;
        }
        double logHalfPowerN = n * Math.log(0.5);
        double logChoose = 0; // log C(n, 0)
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            if (i > 0) {
                logChoose += Math.log(n - i + 1) - Math.log(i);
            }
            if (i >= k) {
                sum += Math.exp(logChoose + logHalfPowerN);
            }
        }
        return Math.min(1, sum);
    }

    /** Wilson score interval (95%) of k right out of n. */
    public static double[] wilson(int k, int n) {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double p = (double) k / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
