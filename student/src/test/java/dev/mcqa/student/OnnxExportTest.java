package dev.mcqa.student;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.mcqa.student.onnx.OnnxQuantizer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exported ONNX file, run by ONNX Runtime, gives the fixtures' logits, for any batch, choice count and length. */
class OnnxExportTest {

    @ParameterizedTest
    @ValueSource(strings = {"bert-tiny", "deberta-v3-tiny"})
    void onnxRuntimeGivesTheReferenceLogits(String fixture) throws Exception {
        withFixture(fixture, (student, encoder, expected) -> {
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
        });
    }

    /** The int8 form runs in ONNX Runtime, is smaller, and picks the fp32 export's choice on the fixtures' questions. */
    @ParameterizedTest
    @ValueSource(strings = {"bert-tiny", "deberta-v3-tiny"})
    void theInt8ExportAgreesWithFp32OnTopOne(String fixture) throws Exception {
        withFixture(fixture, (student, encoder, expected) -> {
            byte[] fp32 = OnnxExport.toBytes(student.model());
            byte[] int8 = OnnxQuantizer.dynamicInt8(OnnxExport.toBytes(student.model()));
            try (OrtModel full = OrtModel.open(fp32, new OrtSession.SessionOptions());
                 OrtModel quantised = OrtModel.open(int8, new OrtSession.SessionOptions())) {
                EncodedBatch batch = encoder.encode(Fixtures.questions(expected));
                float[] a = full.logits(batch);
                float[] b = quantised.logits(batch);
                int choices = batch.choices();
                double error = 0;
                for (int i = 0; i < a.length; i++) {
                    error = Math.max(error, Math.abs(a[i] - b[i]));
                }
                System.out.printf("%s: int8 %d bytes against fp32 %d; max |int8 - fp32| = %.2e over %d questions%n",
                        fixture, int8.length, fp32.length, error, batch.batch());
                assertTrue(int8.length < fp32.length, "the int8 file is smaller");
                for (int q = 0; q < batch.batch(); q++) {
                    assertEquals(argmax(a, q * choices, choices), argmax(b, q * choices, choices), "question " + q + ": fp32 and int8 pick different choices");
                }
            }
        });
    }

    private interface FixtureTest {
        void run(Student student, McqaEncoder encoder, JsonNode expected) throws Exception;
    }

    /** The fixture's student (DJL), its encoder and its reference outputs. */
    private static void withFixture(String fixture, FixtureTest test) throws Exception {
        try (Student student = Student.fromHuggingFace(Fixtures.dir(fixture), Device.cpu(), false);
             McqaEncoder encoder = McqaEncoder.open(Fixtures.dir(fixture).resolve("tokenizer.json"), 512,
                     student.config().usesTokenTypes(), student.config().padTokenId())) {
            test.run(student, encoder, Fixtures.expected(fixture));
        }
    }

    private static int argmax(float[] logits, int from, int count) {
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (logits[from + i] > logits[from + best]) {
                best = i;
            }
        }
        return best;
    }
}
