package dev.mcqa.trainer.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Evaluation figures of a model on a labelled set.
 *
 * @param ece              expected calibration error over 10 confidence bins
 * @param teacherAgreement share of held-out scored items whose top choice is the teacher's top choice (NaN without any)
 * @param correct          per question, in the order evaluated, whether the model's top choice was right (for paired tests)
 */
public record Metrics(double accuracy, double ece, double teacherAgreement, int items, SortedMap<String, Double> accuracyByTask,
                      List<Boolean> correct) {
    public Metrics {
        correct = List.copyOf(correct);
    }


    /** 95% Wilson interval of the accuracy. */
    public double[] accuracyInterval() {
        return PairedComparison.wilson((int) correct.stream().filter(c -> c).count(), correct.size());
    }

    /** As the flat map of a release message: accuracy, ece, teacherAgreement, items, accuracy.&lt;task&gt;. */
    public Map<String, Double> toMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("accuracy", accuracy);
        map.put("ece", ece);
        if (!Double.isNaN(teacherAgreement)) {
            map.put("teacherAgreement", teacherAgreement);
        }
        map.put("items", (double) items);
        accuracyByTask.forEach((task, value) -> map.put("accuracy." + task, value));
        return map;
    }
}
