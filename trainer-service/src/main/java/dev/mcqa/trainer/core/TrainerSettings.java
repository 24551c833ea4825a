package dev.mcqa.trainer.core;

import ai.djl.Device;
import dev.mcqa.student.training.TrainingSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the trainer trains, evaluates and releases.
 *
 * @param backbone          all-MiniLM-L6-v2, or a Hugging Face directory (BERT family or DeBERTa-v2/v3)
 * @param seedWeight        weight of a seed (hard label) against a scored item (1)
 * @param intendedAnswers   also use the generator's intended answer as a hard label of scored items
 * @param evaluationDir     MMLU-format directory whose evaluation half ({@code MmluSplit}) is the held-out set;
 *                          null: one seed in five (by id) is held out instead
 * @param evaluationPerTask at most this many held-out questions per task (0: all)
 * @param gateLevel         the gate refuses a candidate that McNemar's one-sided test finds worse than the current release at this level
 * @param checkSample       questions on which ORT must equal DJL within 1e-4 before a release
 * @param teacherSample     at most this many held-out scored items on which agreement with the teacher is measured
 * @param minLetterMass     scored items whose letter mass is below this are not trained on (no letter signal)
 * @param patience          stop once accuracy on the validation questions has not improved for this many epochs (0: train every epoch)
 * @param retryAfterFailure after a FAILED run, automatic training waits this long before it tries again, doubling
 *                          at each further failure up to 32 times this; a run that does not fail resets it
 * @param automaticShuffleTargets automatic runs are shuffled-targets control runs, a drill that shows the gate
 *                          keeps a worse model out (requested runs say it themselves)
 * @param int8Form          releases carry an int8 form when it passes {@link Int8Check#RELEASES}; false for models
 *                          that are never served (the baseline), which saves the check's two passes over the questions
 */
public record TrainerSettings(String backbone, int maxLength, Device device, TrainingSettings training, float seedWeight,
                              boolean intendedAnswers, Path evaluationDir, int evaluationPerTask, double gateLevel,
                              int checkSample, int teacherSample, double minLetterMass, int patience,
                              Duration retryAfterFailure, boolean automaticShuffleTargets, boolean int8Form) {
}
