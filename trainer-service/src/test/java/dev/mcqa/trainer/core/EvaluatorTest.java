package dev.mcqa.trainer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.ScoringMethod;
import dev.mcqa.contract.Seed;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    @Test
    void accuracyPerTaskCalibrationAndTeacherAgreementByHand() {
        List<Seed> items = List.of(
                Seed.of("law", "Q1?", List.of("a", "b"), 0, "t"),
                Seed.of("law", "Q2?", List.of("a", "b"), 1, "t"),
                Seed.of("art", "Q3?", List.of("a", "b"), 0, "t"),
                Seed.of("art", "Q4?", List.of("a", "b"), 0, "t"));
        // Predictions: right (0.9), wrong (0.6 on a), right (0.55), wrong (0.95 on b).
        List<double[]> answers = List.of(new double[] {0.9, 0.1}, new double[] {0.6, 0.4}, new double[] {0.55, 0.45}, new double[] {0.05, 0.95});
        Evaluator.Predictor model = questions -> questions.get(0).question().startsWith("T") ? List.of(new double[] {0.2, 0.8}) : answers;
        GeneratedItem item = GeneratedItem.of("law", List.of("s"), "T?", List.of("a", "b"), 0, GenerationMethod.JSON, "t", "json-v1");
        ScoredItem teacherSaysA = ScoredItem.of(item, List.of(0.7, 0.3), "t", ScoringMethod.LOGPROBS, 1, List.of());

        Metrics metrics = Evaluator.evaluate(model, items, List.of(teacherSaysA));
        assertEquals(0.5, metrics.accuracy());
        assertEquals(0.5, metrics.accuracyByTask().get("law"));
        assertEquals(0.5, metrics.accuracyByTask().get("art"));
        assertEquals(0.0, metrics.teacherAgreement(), "the student says b, the teacher a");
        // Bins: [0.5,0.6) holds 0.55 (right): |1 - 0.55|; [0.6,0.7) holds 0.6 (wrong): |0 - 0.6|;
        // [0.9,1.0] holds 0.9 (right) and 0.95 (wrong): |0.5 - 0.925| * 2.
        double ece = (0.45 + 0.6 + 2 * 0.425) / 4;
        assertEquals(ece, metrics.ece(), 1e-12);
    }
}
