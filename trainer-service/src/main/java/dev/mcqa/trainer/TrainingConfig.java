package dev.mcqa.trainer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Trainer settings ({@code mcqa.training.*}); see TrainerSettings and TrainingSettings for their meaning. */
@ConfigMapping(prefix = "mcqa.training")
public interface TrainingConfig {
    /** all-MiniLM-L6-v2 (from Maven Central, nothing to download), or a Hugging Face directory. */
    @WithDefault("all-MiniLM-L6-v2")
    String backbone();

    /** Most tokens per (question, choice) pair; default by backbone family (MiniLM/BERT 128, DeBERTa 256). */
    Optional<Integer> maxLength();

    @WithDefault("8")
    int batchSize();

    @WithDefault("3")
    int epochs();

    /** Default by backbone family (MiniLM/BERT 5e-5, DeBERTa 2e-5). */
    Optional<Float> learningRate();

    @WithDefault("0.1")
    float warmup();

    @WithDefault("0.01")
    float weightDecay();

    @WithDefault("1.0")
    float maxGradNorm();

    /**
     * Weight a of the distillation term against the hard-label term, where an example has both: only
     * with intended-answers on (scored items then also carry the generator's intended answer); seeds
     * have only a label and scored items only the teacher's probabilities otherwise, each then at full weight.
     */
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

    /** The gate refuses a candidate that McNemar's one-sided test finds worse than the current release at this level. */
    @WithDefault("0.05")
    double gateLevel();

    /** Stop a run once accuracy on the validation questions has not improved for this many epochs (0: train every epoch). */
    @WithDefault("0")
    int patience();

    /** Scored items whose letter mass is below this are not trained on: the teacher gave no letter signal. */
    @WithDefault("0.5")
    double minLetterMass();

    /**
     * The bearer token of state-changing requests (POST and DELETE /v1/trainings); set it through
     * MCQA_TRAINING_API_TOKEN (a Secret), never in a file. Unset: those requests are open (warned at start).
     */
    Optional<String> apiToken();

    /**
     * Where bin/baseline writes the 5-shot baseline (one artifact directory per run): the page shows
     * each release's accuracy per task beside the newest baseline's. Unset: no baseline shown.
     */
    Optional<String> baselineDir();

    /**
     * Start a run when this many scored items beyond what the current release was trained on have
     * arrived (0: only on request). Not checked during the start-up delay, while the topics are re-read.
     */
    @WithDefault("0")
    long triggerAfter();

    /**
     * After a FAILED run, automatic training waits this long before it tries again (its items still
     * count as new), doubling at each further failure up to 32 times this.
     */
    @WithDefault("60s")
    Duration retryAfterFailure();

    /**
     * Automatic runs are shuffled-targets control runs: a drill that shows the gate keeps a worse
     * model out. Never meant to stay on; runs requested through REST say it themselves.
     */
    @WithDefault("false")
    boolean automaticShuffleTargets();

    /** Start a run as soon as the topics have been read, if there is anything to train on. */
    @WithDefault("false")
    boolean trainAtStartup();

    @WithDefault("8")
    int checkSample();

    @WithDefault("200")
    int teacherSample();
}
