package dev.mcqa.generator.generation;

import dev.mcqa.contract.GenerationMethod;
import java.time.Duration;

/**
 * @param choices         choices per generated item
 * @param examples        seeds shown to the teacher per item (k)
 * @param maxQuestionChars longest accepted question
 * @param maxChoiceChars  longest accepted choice
 * @param nearCopy        token-set Jaccard similarity at or above which a question counts as a near-copy
 * @param itemsPerTask    target items per task, generated automatically after seeds arrive (0: no fixed target)
 * @param itemsPerSeed    target items per seed of the task, so that a task's target grows with its seeds (0: none);
 *                        the automatic target is the larger of the two, and with both 0 items are made only on request
 * @param method          method of automatic runs
 * @param quietPeriod     how long a task's seeds must stay unchanged before an automatic run starts
 * @param maxPerRun       largest count one run may ask for
 * @param holdOutSeeds    never show the held-out seeds ({@link dev.mcqa.contract.HeldOutSeeds}) to the teacher
 * @param maxActiveRuns   most runs at once; another is refused (409), an automatic one waits
 */
public record GenerationSettings(int choices, int examples, int maxQuestionChars, int maxChoiceChars, double nearCopy,
                                 double temperature, int maxTokens, int itemsPerTask, int itemsPerSeed, GenerationMethod method,
                                 Duration quietPeriod, int maxPerRun, boolean holdOutSeeds, int maxActiveRuns) {

    /** Whether seeds that arrive start runs by themselves. */
    public boolean automatic() {
        return itemsPerTask > 0 || itemsPerSeed > 0;
    }

    /** The items a task with this many seeds is brought to by automatic runs. */
    public int targetItems(int seeds) {
        return Math.max(itemsPerTask, itemsPerSeed * seeds);
    }
}
