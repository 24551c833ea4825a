package dev.mcqa.trainer.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * Evaluation figures of a model on a labelled set.
 *
 * @param ece              expected calibration error over 10 confidence bins
 * @param teacherAgreement share of scored items whose top choice is the teacher's top choice (NaN without any)
 */
public record Metrics(double accuracy, double ece, double teacherAgreement, int items, SortedMap<String, Double> accuracyByTask) {

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
