package dev.mcqa.student;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcqa.encoding.EncodedBatch;
import dev.mcqa.encoding.Fixtures;
import dev.mcqa.encoding.McqaEncoder;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Training dropout is where and as large as the checkpoint's config says, and nowhere else. */
class DropoutTest {

    @Test
    void ratesComeFromTheConfigWithHuggingFacesDefaults() throws Exception {
        ObjectMapper json = new ObjectMapper();
        EncoderConfig.DropoutRates bert = EncoderConfig.DropoutRates.parse(json.readTree(
                "{\"hidden_dropout_prob\": 0.2, \"attention_probs_dropout_prob\": 0.05}"), false);
        assertEquals(new EncoderConfig.DropoutRates(0.2f, 0.05f, 0f, 0.2f), bert, "BERT: no pooler dropout; classifier = hidden");
        EncoderConfig.DropoutRates deberta = EncoderConfig.DropoutRates.parse(json.readTree(
                "{\"hidden_dropout_prob\": 0.1, \"attention_probs_dropout_prob\": 0.1, \"pooler_dropout\": 0, \"cls_dropout\": 0.3}"), true);
        assertEquals(new EncoderConfig.DropoutRates(0.1f, 0.1f, 0f, 0.3f), deberta);
        EncoderConfig config = EncoderConfig.read(Fixtures.dir("deberta-v3-tiny").resolve("config.json"));
        assertEquals(config, EncoderConfig.parse(config.toJson()), "the rates survive the model card's config");
    }

    /** With every rate 0, a training forward pass equals an inference pass: no dropout is hard-coded anywhere. */
    @ParameterizedTest
    @ValueSource(strings = {"bert-tiny", "deberta-v3-tiny"})
    void withZeroRatesTrainingEqualsInference(String fixture) throws Exception {
        ObjectNode zero = (ObjectNode) new ObjectMapper().readTree(Fixtures.dir(fixture).resolve("config.json").toFile());
        zero.put("hidden_dropout_prob", 0.0).put("attention_probs_dropout_prob", 0.0).put("pooler_dropout", 0.0)
                .put("cls_dropout", 0.0).put("classifier_dropout", 0.0);
        float[] training = logits(fixture, zero, true);
        assertArrayEquals(logits(fixture, zero, false), training, 1e-6f);
        ObjectNode usual = zero.deepCopy().put("hidden_dropout_prob", 0.1);
        assertFalse(Arrays.equals(logits(fixture, usual, false), logits(fixture, usual, true)), "dropout on while training");
    }

    private static float[] logits(String fixture, ObjectNode config, boolean training) throws Exception {
        try (Student student = Student.withWeights(EncoderConfig.parse(config),
                SafeTensors.read(Fixtures.dir(fixture).resolve("model.safetensors")), Device.cpu(), false);
             McqaEncoder encoder = McqaEncoder.open(Fixtures.dir(fixture).resolve("tokenizer.json"), 64, student.config().usesTokenTypes(), 0);
             NDManager step = student.manager().newSubManager()) {
            EncodedBatch batch = encoder.encode(Fixtures.questions(Fixtures.expected(fixture)));
            return Student.withoutGradients(() -> student.forward(step, batch, training).get(0).toFloatArray());
        }
    }
}
