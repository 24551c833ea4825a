package dev.mcqa.trainer.core;

import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.Seed;
import dev.mcqa.encoding.McqaInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Accuracy overall and per task, expected calibration error and agreement with the teacher. */
public final class Evaluator {
    private static final int BINS = 10;

    private Evaluator() {
    }

    /** Probabilities over the choices of each question, in order. */
    public interface Predictor {
        List<double[]> probabilities(List<McqaInput> questions);
    }

    public static Metrics evaluate(Predictor model, List<Seed> labelled, List<ScoredItem> teacherSample) {
        List<double[]> predicted = model.probabilities(labelled.stream().map(s -> new McqaInput(s.question(), s.choices())).toList());
        Map<String, int[]> byTask = new TreeMap<>();
        List<Integer> labels = new ArrayList<>();
        List<Boolean> rightOrWrong = new ArrayList<>();
        int correct = 0;
        for (int i = 0; i < labelled.size(); i++) {
            Seed item = labelled.get(i);
            boolean right = argmax(predicted.get(i)) == item.answer();
            correct += right ? 1 : 0;
            rightOrWrong.add(right);
            int[] counts = byTask.computeIfAbsent(item.task(), t -> new int[2]);
            counts[0] += right ? 1 : 0;
            counts[1]++;
            labels.add(item.answer());
        }
        TreeMap<String, Double> accuracyByTask = new TreeMap<>();
        byTask.forEach((task, counts) -> accuracyByTask.put(task, (double) counts[0] / counts[1]));
        double agreement = Double.NaN;
        if (!teacherSample.isEmpty()) {
            List<double[]> student = model.probabilities(teacherSample.stream().map(s -> new McqaInput(s.item().question(), s.item().choices())).toList());
            int agree = 0;
            for (int i = 0; i < teacherSample.size(); i++) {
                double[] teacher = teacherSample.get(i).probabilities().stream().mapToDouble(Double::doubleValue).toArray();
                agree += argmax(student.get(i)) == argmax(teacher) ? 1 : 0;
            }
            agreement = (double) agree / teacherSample.size();
        }
        return new Metrics(labelled.isEmpty() ? Double.NaN : (double) correct / labelled.size(), ece(predicted, labels),
                agreement, labelled.size(), accuracyByTask, rightOrWrong);
    }

    /** Expected calibration error: the items binned by their top probability, |accuracy - confidence| weighted by bin size. */
    static double ece(List<double[]> predicted, List<Integer> labels) {
        double[] confidence = new double[BINS];
        int[] correct = new int[BINS];
        int[] count = new int[BINS];
        for (int i = 0; i < predicted.size(); i++) {
            double[] p = predicted.get(i);
            int top = argmax(p);
            int bin = Math.min(BINS - 1, (int) (p[top] * BINS));
            confidence[bin] += p[top];
            correct[bin] += top == labels.get(i) ? 1 : 0;
            count[bin]++;
        }
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                ece += Math.abs((double) correct[b] / count[b] - confidence[b] / count[b]) * count[b] / predicted.size();
            }
        }
        return ece;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        return best;
    }

    /** Groups questions by choice count (a batch has one), keeping the answer order. */
    public static Map<Integer, List<Integer>> byChoiceCount(List<McqaInput> questions) {
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < questions.size(); i++) {
            groups.computeIfAbsent(questions.get(i).choices().size(), k -> new ArrayList<>()).add(i);
        }
        return groups;
    }
}
