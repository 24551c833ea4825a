package dev.mcqa.scorer.scoring;

/**
 * @param debias        score every cyclic order of the choices and combine them in log space (see LetterScorer); false: one order
 * @param topLogprobs   alternatives asked for the answer token
 * @param samples       completions drawn per order when the endpoint gives no log-probs
 * @param temperature   sampling temperature of that fallback
 * @param minLetterMass below this share of the answer token's probability on the choice letters, an
 *                      item has no letter signal
 * @param sampleWithoutLetterSignal an item without letter signal is scored again by sampling, the
 *                      teacher allowed to reason first and its final letter read; false: it is
 *                      dead-lettered ({@link NoLetterSignalException})
 */
public record ScoringSettings(boolean debias, int topLogprobs, int samples, double temperature, double minLetterMass,
                              boolean sampleWithoutLetterSignal) {
    public ScoringSettings {
        if (topLogprobs < 1) {
            throw new IllegalArgumentException("top-logprobs must be at least 1");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be at least 1");
        }
    }

    public ScoringSettings(boolean debias, int topLogprobs, int samples, double temperature, double minLetterMass) {
        this(debias, topLogprobs, samples, temperature, minLetterMass, false);
    }
}
