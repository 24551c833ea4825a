package dev.mcqa.trainer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.Seed;
import dev.mcqa.encoding.McqaInput;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/** Plain Java: the int8 form is kept only when it answers as the fp32 form does. */
class Int8CheckTest {
    private static final Int8Check CHECK = Int8Check.RELEASES;

    /** 200 questions, answer n % 4. */
    private static List<Seed> questions() {
        List<Seed> questions = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            questions.add(Seed.of("t", "Question " + n + "?", List.of("a", "b", "c", "d"), n % 4, "test"));
        }
        return questions;
    }

    /** Picks choice pick(n) for the question "Question n?". */
    private static Evaluator.Predictor picking(IntUnaryOperator pick) {
        return inputs -> inputs.stream().map(McqaInput::question).map(q -> {
            int n = Integer.parseInt(q.substring("Question ".length(), q.length() - 1));
            double[] p = new double[4];
            p[pick.applyAsInt(n)] = 1;
            return p;
        }).toList();
    }

    @Test
    void theSameAnswersKeepTheInt8Form() {
        Evaluator.Predictor fp32 = picking(n -> n % 3 == 0 ? n % 4 : 0);
        Int8Check.Result result = CHECK.check(fp32, picking(n -> n % 3 == 0 ? n % 4 : 0), questions());
        assertTrue(result.keep(), result.reason());
        assertEquals(1.0, result.agreement());
    }

    @Test
    void disagreementOnThreeQuestionsInTwoHundredLeavesItOutEvenWithoutLosingAccuracy() {
        Evaluator.Predictor fp32 = picking(n -> 0);
        // Three wrong answers change to other wrong answers: accuracy equal, agreement 98.5%.
        Int8Check.Result result = CHECK.check(fp32, picking(n -> n == 1 || n == 2 || n == 3 ? n % 3 + 1 : 0), questions());
        assertFalse(result.keep(), result.reason());
        assertEquals(0.985, result.agreement(), 1e-9);
        assertEquals(result.fp32Accuracy(), result.int8Accuracy());
        assertTrue(result.reason().startsWith("int8 left out"), result.reason());
    }

    @Test
    void anAccuracyLossOfOnePointLeavesItOutThoughAgreementIs99() {
        Evaluator.Predictor fp32 = picking(n -> n % 4);
        Int8Check.Result result = CHECK.check(fp32, picking(n -> n < 2 ? (n + 1) % 4 : n % 4), questions());
        assertEquals(0.99, result.agreement(), 1e-9);
        assertEquals(-0.01, result.comparison().difference(), 1e-9);
        assertFalse(result.keep(), result.reason());
    }
}
