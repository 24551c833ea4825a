package dev.mcqa.trainer.core;

import ai.onnxruntime.OrtSession;
import dev.mcqa.contract.Seed;
import dev.mcqa.encoding.EncodedBatch;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.encoding.OrtModel;
import dev.mcqa.store.ModelStore;
import dev.mcqa.student.Student;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Probabilities from a student, questions encoded in batches of one choice count: the exported file
 * in ONNX Runtime (what the inference service will serve) or the DJL student while it trains.
 */
public final class BatchedPredictor implements Evaluator.Predictor {
    private static final int BATCH = 16;

    /** The student's logits [B * C] for an encoded batch. */
    interface Logits {
        float[] of(EncodedBatch batch) throws Exception;
    }

    private final Logits model;
    private final McqaEncoder encoder;

    private BatchedPredictor(Logits model, McqaEncoder encoder) {
        this.model = model;
        this.encoder = encoder;
    }

    /** The exported student in ONNX Runtime. */
    public static BatchedPredictor onnx(OrtModel model, McqaEncoder encoder) {
        return new BatchedPredictor(model::logits, encoder);
    }

    /** The DJL student, without dropout or gradients. */
    public static BatchedPredictor student(Student student, McqaEncoder encoder) {
        return new BatchedPredictor(batch -> Student.withoutGradients(() -> student.predict(batch, false).logits()), encoder);
    }

    /** Runs a released artifact as inference does (its ONNX file, its tokenizer, its card's maximum length) on labelled questions. */
    public static Metrics evaluateArtifact(Path artifact, List<Seed> questions) throws Exception {
        try (OrtModel ort = OrtModel.open(artifact.resolve(ModelStore.MODEL).toString(), new OrtSession.SessionOptions());
             McqaEncoder encoder = McqaEncoder.forArtifact(artifact, ort.tokenTypes())) {
            return Evaluator.evaluate(onnx(ort, encoder), questions, List.of());
        }
    }

    @Override
    public List<double[]> probabilities(List<McqaInput> questions) {
        double[][] out = new double[questions.size()][];
        for (Map.Entry<Integer, List<Integer>> group : Evaluator.byChoiceCount(questions).entrySet()) {
            // Each batch is padded to its longest pair: batching questions of similar length pads less
            // (in MMLU a few long questions would otherwise set the length of most batches).
            List<Integer> indices = group.getValue().stream().sorted(Comparator.comparingInt(i -> textLength(questions.get(i)))).toList();
            for (int start = 0; start < indices.size(); start += BATCH) {
                List<Integer> slice = indices.subList(start, Math.min(indices.size(), start + BATCH));
                EncodedBatch batch = encoder.encode(slice.stream().map(questions::get).toList());
                float[] logits;
                try {
                    logits = model.of(batch);
                } catch (Exception e) {
                    throw new IllegalStateException("the student failed to run", e);
                }
                for (int q = 0; q < slice.size(); q++) {
                    out[slice.get(q)] = softmax(Arrays.copyOfRange(logits, q * batch.choices(), (q + 1) * batch.choices()));
                }
            }
        }
        return new ArrayList<>(Arrays.asList(out));
    }

    /** Characters of the question and its longest choice: what sets the length of its longest encoded pair. */
    private static int textLength(McqaInput question) {
        return question.question().length() + question.choices().stream().mapToInt(String::length).max().orElse(0);
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
