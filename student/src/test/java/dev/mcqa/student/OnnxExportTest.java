package dev.mcqa.student;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.encoding.EncodedBatch;
import dev.mcqa.encoding.Fixtures;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.encoding.OrtModel;
import dev.mcqa.student.onnx.OnnxExport;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exported ONNX file, run by ONNX Runtime, gives the fixtures' logits, for any batch, choice count and length. */
class OnnxExportTest {

    @ParameterizedTest
    @ValueSource(strings = {"bert-tiny", "deberta-v3-tiny"})
    void onnxRuntimeGivesTheReferenceLogits(String fixture) throws Exception {
        JsonNode expected = Fixtures.expected(fixture);
        try (Student student = Student.fromHuggingFace(Fixtures.dir(fixture), Device.cpu(), false);
             McqaEncoder encoder = McqaEncoder.open(Fixtures.dir(fixture).resolve("tokenizer.json"), 512,
                     student.config().usesTokenTypes(), student.config().padTokenId())) {
            long start = System.nanoTime();
            byte[] onnx = OnnxExport.toBytes(student.model());
            long exportMillis = (System.nanoTime() - start) / 1_000_000;
            try (OrtModel ort = OrtModel.open(onnx, new OrtSession.SessionOptions())) {
                EncodedBatch batch = encoder.encode(Fixtures.questions(expected));
                double error = FixtureParityTest.maxError(Fixtures.flat(expected.get("logits")), ort.logits(batch), null, 1);
                System.out.printf("%s: export %d ms, %d bytes; max |ORT - HF| = %.2e%n", fixture, exportMillis, onnx.length, error);
                assertTrue(error < FixtureParityTest.TOLERANCE, "ORT logits off by " + error);

                // Other shapes: one question, three choices, a different length; ORT equals DJL.
                EncodedBatch other = encoder.encode(List.of(new McqaInput("Which planet is largest?", List.of("Mars", "Jupiter", "Venus"))));
                float[] djl = student.predict(other, false).logits();
                float[] onnxLogits = ort.logits(other);
                double difference = 0;
                for (int i = 0; i < djl.length; i++) {
                    difference = Math.max(difference, Math.abs(djl[i] - onnxLogits[i]));
                }
                assertTrue(difference < FixtureParityTest.TOLERANCE, "ORT differs from DJL by " + difference);
            }
        }
    }
}
