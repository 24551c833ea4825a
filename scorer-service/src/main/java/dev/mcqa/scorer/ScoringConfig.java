package dev.mcqa.scorer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Scoring settings ({@code mcqa.scoring.*}); see ScoringSettings for their meaning. */
@ConfigMapping(prefix = "mcqa.scoring")
public interface ScoringConfig {
    @WithDefault("4")
    int permutations();

    @WithDefault("20")
    int topLogprobs();

    @WithDefault("1e-4")
    double floor();

    @WithDefault("10")
    int samples();

    @WithDefault("1.0")
    double temperature();
}
