package dev.mcqa.scorer;

import dev.mcqa.scorer.scoring.LetterScorer;
import dev.mcqa.scorer.scoring.ScoringSettings;
import dev.mcqa.teacher.config.Teachers;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the plain-Java scoring core into CDI. */
public class ScorerBeans {

    @Produces
    @Singleton
    LetterScorer letterScorer(Teachers teachers, ScoringConfig config) {
        ScoringSettings settings = new ScoringSettings(config.debias(), config.topLogprobs(), config.samples(), config.temperature(),
                config.minLetterMass(), 
                config.noLetterSignal() == ScoringConfig.NoLetterSignal.SAMPLE);
        return new LetterScorer(teachers.llm().orElse(null), teachers.llm().isPresent() ? null : teachers.simulated(), settings);
    }
}
