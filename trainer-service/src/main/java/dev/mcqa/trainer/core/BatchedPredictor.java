package dev.mcqa.trainer.core;

import ai.onnxruntime.OrtException;
import dev.mcqa.encoding.EncodedBatch;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.encoding.OrtModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Probabilities from an exported student in ONNX Runtime: what the inference service will serve. */
public final class OnnxPredictor implements Evaluator.Predictor {
    private static final int BATCH = 16;
    private final OrtModel model;
    private final McqaEncoder encoder;

    public OnnxPredictor(OrtModel model, McqaEncoder encoder) {
        this.model = model;
        this.encoder = encoder;
    }

    @Override
    public List<double[]> probabilities(List<McqaInput> questions) {
        double[][] out = new double[questions.size()][];
        for (Map.Entry<Integer, List<Integer>> group : Evaluator.byChoiceCount(questions).entrySet()) {
            List<Integer> indices = group.getValue();
            for (int start = 0; start < indices.size(); start += BATCH) {
                List<Integer> slice = indices.subList(start, Math.min(indices.size(), start + BATCH));
                EncodedBatch batch = encoder.encode(slice.stream().map(questions::get).toList());
                float[] logits;
                try {
                    logits = model.logits(batch);
                } catch (OrtException e) {
                    throw new IllegalStateException("ONNX Runtime failed to run the student", e);
                }
                for (int q = 0; q < slice.size(); q++) {
                    out[slice.get(q)] = softmax(Arrays.copyOfRange(logits, q * batch.choices(), (q + 1) * batch.choices()));
                }
            }
        }
        return new ArrayList<>(Arrays.asList(out));
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
