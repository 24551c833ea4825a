package dev.mcqa.trainer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Trainer settings ({@code mcqa.training.*}); see TrainerSettings and TrainingSettings for their meaning. */
@ConfigMapping(prefix = "mcqa.training")
public interface TrainingConfig {
    /** all-MiniLM-L6-v2 (from Maven Central, nothing to download), or a Hugging Face directory. */
    @WithDefault("all-MiniLM-L6-v2")
    String backbone();

    @WithDefault("128")
    int maxLength();

    @WithDefault("8")
    int batchSize();

    @WithDefault("3")
    int epochs();

    @WithDefault("5e-5")
    float learningRate();

    @WithDefault("0.1")
    float warmup();

    @WithDefault("0.01")
    float weightDecay();

    @WithDefault("1.0")
    float maxGradNorm();

    /** Weight a of the distillation term against the hard-label term. */
    @WithDefault("0.5")
    float alpha();

    /** Temperature T of the distillation term. */
    @WithDefault("2.0")
    float temperature();

    @WithDefault("42")
    long seed();

    /** cpu, gpu, or auto (gpu when one is visible). */
    @WithDefault("auto")
    String device();

    @WithDefault("1.0")
    float seedWeight();

    /** Use the generator's intended answer as a hard label of scored items too. */
    @WithDefault("false")
    boolean intendedAnswers();

    /** MMLU-format directory whose evaluation half is the held-out set; "seeds" holds out one seed in five instead. */
    @WithDefault("data/mmlu/test-public")
    String evaluationDir();

    /** At most this many held-out questions per task (0: all). */
    @WithDefault("0")
    int evaluationPerTask();

    @WithDefault("0.01")
    double gateMargin();

    /** The model store: one directory per released version. */
    @WithDefault("models")
    String storeDir();

    /**
     * Start a run when this many scored items beyond what the current release was trained on have
     * arrived (0: only on request). Not checked during the start-up delay, while the topics are re-read.
     */
    @WithDefault("0")
    long triggerAfter();

    /** Start a run as soon as the topics have been read, if there is anything to train on. */
    @WithDefault("false")
    boolean trainAtStartup();

    /** Time after start for the topics to be re-read before automatic runs (start-up or trigger) may begin. */
    @WithDefault("20s")
    Duration startupDelay();

    @WithDefault("8")
    int checkSample();

    @WithDefault("200")
    int teacherSample();
}
