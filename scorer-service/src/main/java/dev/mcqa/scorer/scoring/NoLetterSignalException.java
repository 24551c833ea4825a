package dev.mcqa.scorer.scoring;

import java.util.Locale;

/**
 * The teacher's answer token put (almost) no probability on any choice letter: it was starting to
 * reason ("<think>", "Okay") or to write prose, so renormalising the letters would turn noise into
 * confident-looking targets. The item is dead-lettered with this reason instead of being scored.
 */
public final class NoLetterSignalException extends RuntimeException {
    public static final String REASON = "no-letter-mass";

    public NoLetterSignalException(double letterMass, String topToken, double threshold) {
        super(String.format(Locale.ROOT, "%s: the choice letters hold %.3g of the answer token's probability (below %.2f; most likely"
                + " token '%s'): the teacher does not answer with a letter: set mcqa.teacher.reasoning-off for its server,"
                + " mcqa.scoring.no-letter-signal=sample, or use a model that answers directly", REASON, letterMass, threshold, topToken));
    }

    /** No sampled answer named a choice letter (an empty answer: a reasoning model's budget ran out before it answered). */
    public NoLetterSignalException(int samples, String firstAnswer) {
        super(String.format(Locale.ROOT, "%s: none of %d sampled answers names a choice letter (first: '%s'): a reasoning model"
                + " needs mcqa.teacher.reasoning-tokens to finish reasoning before it answers", REASON, samples,
                firstAnswer.length() > 80 ? firstAnswer.substring(0, 80) + "..." : firstAnswer));
    }
}
