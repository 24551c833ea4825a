package dev.mcqa.scorer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Scoring settings ({@code mcqa.scoring.*}); see ScoringSettings for their meaning. */
@ConfigMapping(prefix = "mcqa.scoring")
public interface ScoringConfig {
    /** Score every cyclic order of the choices (as many teacher calls per item as choices) and remove the position bias. */
    @WithDefault("true")
    boolean debias();

    @WithDefault("20")
    int topLogprobs();

    @WithDefault("10")
    int samples();

    @WithDefault("1.0")
    double temperature();

    /** Below this share of the answer token's probability on the choice letters, an item has no letter signal. */
    @WithDefault("0.5")
    double minLetterMass();

    /**
     * What becomes of an item without letter signal: {@code dead-letter} (reason no-letter-mass), or
     * {@code sample} (scored again by sampling, the teacher reasoning first within
     * mcqa.teacher.reasoning-tokens, its final letter read; costs samples x orders calls).
     */
    @WithDefault("dead-letter")
    NoLetterSignal noLetterSignal();

    enum NoLetterSignal { DEAD_LETTER, SAMPLE }
}
