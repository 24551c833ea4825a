package dev.mcqa.student;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.encoding.EncodedBatch;
import dev.mcqa.encoding.Fixtures;
import dev.mcqa.encoding.McqaEncoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The student computes what Hugging Face transformers computed for the reference fixtures. */
class FixtureParityTest {
    static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"bert-tiny", "deberta-v3-tiny"})
    void logitsAndHiddenStatesMatchTransformers(String fixture) throws Exception {
        JsonNode expected = Fixtures.expected(fixture);
        try (Student student = Student.fromHuggingFace(Fixtures.dir(fixture), Device.cpu(), false);
             McqaEncoder encoder = McqaEncoder.open(Fixtures.dir(fixture).resolve("tokenizer.json"), 512,
                     student.config().usesTokenTypes(), student.config().padTokenId())) {
            EncodedBatch batch = encoder.encode(Fixtures.questions(expected));
            Student.Output out = student.predict(batch, true);

            double logitError = maxError(Fixtures.flat(expected.get("logits")), out.logits(), null, 1);
            double hiddenError = maxError(Fixtures.flat(expected.get("last_hidden_state")), out.lastHidden(),
                    batch.attentionMask(), student.config().hiddenSize());
            System.out.printf("%s: max |logit - HF| = %.2e, max |hidden - HF| (real tokens) = %.2e%n", fixture, logitError, hiddenError);
            assertTrue(logitError < TOLERANCE, "logits off by " + logitError);
            assertTrue(hiddenError < TOLERANCE, "hidden states off by " + hiddenError);
        }
    }

    @org.junit.jupiter.api.Test
    void evaluationOnAnotherThreadRecordsNoGradients() throws Exception {
        try (Student student = Student.fromHuggingFace(Fixtures.dir("bert-tiny"), Device.cpu(), false)) {
            boolean[] seen = new boolean[2];
            Thread worker = new Thread(() -> {
                ai.djl.pytorch.jni.JniUtils.setGradMode(true); // what a fresh thread has in PyTorch
                seen[0] = Student.withoutGradients(ai.djl.pytorch.jni.JniUtils::isGradMode);
                seen[1] = ai.djl.pytorch.jni.JniUtils.isGradMode();
            });
            worker.start();
            worker.join();
            assertEquals(false, seen[0], "grad mode is off while evaluating");
            assertEquals(true, seen[1], "and restored afterwards");
        }
    }

    /** Largest absolute difference; with a mask, only over positions whose mask is 1 (each spanning {@code width} values). */
    static double maxError(double[] expected, float[] actual, long[] mask, int width) {
        assertEquals(expected.length, actual.length);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            if (mask == null || mask[i / width] == 1) {
                max = Math.max(max, Math.abs(expected[i] - actual[i]));
            }
        }
        return max;
    }
}
