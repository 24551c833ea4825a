package dev.mcqa.encoding;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A multiple-choice student exported to ONNX, run by ONNX Runtime: {@link EncodedBatch} in, logits
 * [batch * choices] out. Used by inference to serve and by training to check an export before release.
 */
public final class OrtModel implements AutoCloseable {
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final boolean tokenTypes;

    private OrtModel(OrtSession session) {
        this.session = session;
        this.tokenTypes = session.getInputNames().contains("token_type_ids");
    }

    public static OrtModel open(byte[] onnx, OrtSession.SessionOptions options) throws OrtException {
        return new OrtModel(OrtEnvironment.getEnvironment().createSession(onnx, options));
    }

    public static OrtModel open(String path, OrtSession.SessionOptions options) throws OrtException {
        return new OrtModel(OrtEnvironment.getEnvironment().createSession(path, options));
    }

    /** Whether the model takes token_type_ids (so the encoder must produce them). */
    public boolean tokenTypes() {
        return tokenTypes;
    }

    /** Logits, row-major [batch][choices]. */
    public float[] logits(EncodedBatch batch) throws OrtException {
        long[] shape = batch.shape();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.inputIds()), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(batch.attentionMask()), shape));
            if (tokenTypes) {
                long[] types = batch.hasTokenTypes() ? batch.tokenTypeIds() : new long[batch.inputIds().length];
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][] logits = (float[][]) result.get(0).getValue();
                float[] flat = new float[batch.batch() * batch.choices()];
                for (int b = 0; b < logits.length; b++) {
                    System.arraycopy(logits[b], 0, flat, b * batch.choices(), batch.choices());
                }
                return flat;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
