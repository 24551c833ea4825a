package dev.mcqa.trainer.core;

import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** A model's accuracy beside a baseline's on the same questions, overall and per task, as Markdown. */
public record EvaluationReport(String title, String model, Metrics modelMetrics, String baseline, Metrics baselineMetrics,
                               String questions) {

    public String markdown(String chartFile) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(title).append("\n\n");
        out.append("Questions: ").append(questions).append(".\n\n");
        out.append("| | ").append(model).append(" | ").append(baseline).append(" |\n|---|---:|---:|\n");
        out.append(String.format(Locale.ROOT, "| accuracy | **%.2f%%** | %.2f%% |%n", 100 * modelMetrics.accuracy(), 100 * baselineMetrics.accuracy()));
        out.append(String.format(Locale.ROOT, "| expected calibration error | %.4f | %.4f |%n", modelMetrics.ece(), baselineMetrics.ece()));
        out.append(String.format(Locale.ROOT, "| questions | %d | %d |%n", modelMetrics.items(), baselineMetrics.items()));
        if (chartFile != null) {
            out.append("\n![accuracy per task](").append(chartFile).append(")\n");
        }
        out.append("\n| task | ").append(model).append(" | ").append(baseline).append(" | difference |\n|---|---:|---:|---:|\n");
        for (String task : tasks()) {
            double a = modelMetrics.accuracyByTask().getOrDefault(task, Double.NaN);
            double b = baselineMetrics.accuracyByTask().getOrDefault(task, Double.NaN);
            String difference = Double.isNaN(a - b) ? "n/a" : String.format(Locale.ROOT, "%+.1f", 100 * (a - b));
            out.append("| ").append(task).append(" | ").append(percent(a)).append(" | ").append(percent(b)).append(" | ")
                    .append(difference).append(" |\n");
        }
        return out.toString();
    }

    private static String percent(double accuracy) {
        return Double.isNaN(accuracy) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * accuracy);
    }

    /** Every task either model was evaluated on, sorted. */
    public TreeSet<String> tasks() {
        TreeSet<String> tasks = new TreeSet<>(modelMetrics.accuracyByTask().keySet());
        tasks.addAll(baselineMetrics.accuracyByTask().keySet());
        return tasks;
    }

    /** Accuracy per task of the model ({@code baseline} false) or the baseline, in {@link #tasks()} order. */
    public double[] accuracies(boolean ofBaseline) {
        Map<String, Double> byTask = (ofBaseline ? baselineMetrics : modelMetrics).accuracyByTask();
        return tasks().stream().mapToDouble(task -> 100 * byTask.getOrDefault(task, Double.NaN)).toArray();
    }
}
