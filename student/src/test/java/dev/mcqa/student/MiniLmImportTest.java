package dev.mcqa.student;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mcqa.encoding.EncodedBatch;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** all-MiniLM-L6-v2 imported from the langchain4j jar computes what ONNX Runtime computes on the original file. */
class MiniLmImportTest {

    @Test
    void djlEncoderEqualsOnnxRuntimeOnTheOriginalFile() throws Exception {
        List<McqaInput> questions = List.of(
                new McqaInput("Which gas do plants take in for photosynthesis?", List.of("Oxygen", "Carbon dioxide", "Nitrogen", "Helium")),
                new McqaInput("What is 7 times 8?", List.of("54", "56", "64", "58")));
        try (Student student = Backbones.load(Backbones.MINILM, Device.cpu());
             InputStream tokenizer = Backbones.tokenizer(Backbones.MINILM);
             McqaEncoder encoder = McqaEncoder.open(tokenizer, 128, true, 0)) {
            EncodedBatch batch = encoder.encode(questions);
            float[] djl = student.predict(batch, true).lastHidden();

            OrtEnvironment env = OrtEnvironment.getEnvironment();
            byte[] original;
            try (InputStream onnx = Backbones.resource(Backbones.MINILM_ONNX)) {
                original = onnx.readAllBytes();
            }
            long[] shape = {(long) batch.batch() * batch.choices(), batch.length()};
            try (OrtSession session = env.createSession(original, new OrtSession.SessionOptions());
                 OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.inputIds()), shape);
                 OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.attentionMask()), shape);
                 OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(batch.tokenTypeIds()), shape);
                 OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
                float[] ort = ((OnnxTensor) result.get(0)).getFloatBuffer().array();
                assertEquals(ort.length, djl.length);
                double max = 0;
                int hidden = student.config().hiddenSize();
                for (int i = 0; i < ort.length; i++) {
                    if (batch.attentionMask()[i / hidden] == 1) {
                        max = Math.max(max, Math.abs(ort[i] - djl[i]));
                    }
                }
                System.out.printf("all-MiniLM-L6-v2: max |DJL - ORT original| (real tokens) = %.2e%n", max);
                assertTrue(max < 1e-4, "DJL differs from ORT by " + max);
            }
        }
    }
}
