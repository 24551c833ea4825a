package dev.mcqa.generator;

import dev.mcqa.contract.GenerationMethod;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Generation settings ({@code mcqa.generation.*}); see GenerationSettings for their meaning. */
@ConfigMapping(prefix = "mcqa.generation")
public interface GenerationConfig {
    @WithDefault("4")
    int choices();

    @WithDefault("5")
    int examples();

    @WithDefault("1000")
    int maxQuestionChars();

    @WithDefault("300")
    int maxChoiceChars();

    @WithDefault("0.9")
    double nearCopy();

    @WithDefault("0.7")
    double temperature();

    @WithDefault("512")
    int maxTokens();

    /** Target items per task, generated automatically after seeds arrive (0: no fixed target). */
    @WithDefault("0")
    int itemsPerTask();

    /**
     * Target items per seed of a task, so that new seeds of a known task bring new items (0: none).
     * Automatic runs bring a task to the larger of the two targets; with both 0 items are made only on request.
     */
    @WithDefault("0")
    int itemsPerSeed();

    /** Method of automatic runs with an LLM teacher (the simulated teacher always draws from its bank). */
    @WithDefault("json")
    String method();

    @WithDefault("2s")
    Duration quietPeriod();

    @WithDefault("1000")
    int maxPerRun();

    /** Most generation runs at once per instance; another is refused with 409, an automatic one waits. */
    @WithDefault("16")
    int maxActiveRuns();

    /**
     * Threads working on items. More than the teacher's max-in-flight (which bounds the calls), so
     * that parsing and publishing of one item overlap the calls of others and the teacher stays busy.
     */
    @WithDefault("32")
    int workers();

    /**
     * Never show the held-out seeds to the teacher as examples: set it when the trainer evaluates on
     * one seed in five ({@code mcqa.training.evaluation-dir=seeds}).
     */
    @WithDefault("false")
    boolean holdOutSeeds();

    default GenerationMethod parsedMethod() {
        return GenerationMethod.valueOf(method().toUpperCase());
    }
}
