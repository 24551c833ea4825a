package dev.mcqa.trainer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The gate decides as its level says, on resampled validation questions. */
class GateStatisticsTest {
    private static final Gate GATE = new Gate(0.05);
    private static final int QUESTIONS = 570;
    private static final int RESAMPLES = 2000;

    /** Share of resampled question sets on which the candidate is refused; each model is right on a question with its accuracy. */
    private static double refusalRate(double candidateAccuracy, double currentAccuracy, boolean identical, long seed) {
        Random random = new Random(seed);
        int refused = 0;
        for (int r = 0; r < RESAMPLES; r++) {
            List<Boolean> current = new ArrayList<>();
            List<Boolean> candidate = new ArrayList<>();
            for (int q = 0; q < QUESTIONS; q++) {
                boolean right = random.nextDouble() < currentAccuracy;
                current.add(right);
                candidate.add(identical ? right : random.nextDouble() < candidateAccuracy);
            }
            refused += GATE.decide(candidate, current, "v1").release() ? 0 : 1;
        }
        return (double) refused / RESAMPLES;
    }

    @Test
    void identicalWeightsAlwaysPass() {
        assertEquals(0.0, refusalRate(0.3, 0.3, true, 1));
    }

    @Test
    void anEquallyGoodModelIsRefusedAboutAsOftenAsTheLevelSays() {
        double rate = refusalRate(0.3, 0.3, false, 2);
        System.out.printf("gate at level 0.05: an equally good model refused on %.1f%% of %d resampled sets of %d questions%n",
                100 * rate, RESAMPLES, QUESTIONS);
        assertTrue(rate > 0.01 && rate <= 0.06, "refusal rate " + rate);
    }

    @Test
    void aClearlyWorseModelIsRefusedAndABetterOneReleased() {
        double worse = refusalRate(0.20, 0.30, false, 3);
        double better = refusalRate(0.32, 0.30, false, 4);
        System.out.printf("gate: 10 points worse refused %.1f%%, 2 points better refused %.1f%%%n", 100 * worse, 100 * better);
        assertTrue(worse > 0.9, "worse refused " + worse);
        assertTrue(better < 0.02, "better refused " + better);
    }

    @Test
    void theBinomialTailIsExact() {
        assertEquals(1.0, PairedComparison.upperTail(10, 0), 1e-12);
        assertEquals(11.0 / 1024, PairedComparison.upperTail(10, 9), 1e-12);
        assertEquals(0.5, PairedComparison.upperTail(9, 5), 1e-12);
        assertEquals(0.0, PairedComparison.upperTail(3, 4), 1e-12);
    }
}
