package dev.mcqa.scorer.scoring;

/**
 * @param permutations cyclic orders of the choices scored and averaged (1: no debiasing; at most the choice count)
 * @param topLogprobs  alternatives asked for the answer token
 * @param floor        probability given to a letter missing from the top log-probs, before renormalising
 * @param samples      completions drawn per order when the endpoint gives no log-probs
 * @param temperature  sampling temperature of that fallback
 */
public record ScoringSettings(int permutations, int topLogprobs, double floor, int samples, double temperature) {
    public ScoringSettings {
        if (permutations < 1) {
            throw new IllegalArgumentException("permutations must be at least 1");
        }
        if (!(floor > 0 && floor < 1)) {
            throw new IllegalArgumentException("floor must be in (0, 1)");
        }
    }
}
