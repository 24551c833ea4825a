package dev.mcqa.trainer.core;

import dev.mcqa.contract.Seed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A model's accuracy beside a baseline's on the same questions, overall and per task, as Markdown,
 * with what it takes to read it: 95% intervals, the paired difference and McNemar's p-value, and the
 * majority-letter reference (always answering the letter most often right on these questions).
 *
 * @param questions the questions both were evaluated on, in the order of both metrics' {@code correct}
 */
public record EvaluationReport(String title, String model, Metrics modelMetrics, String baseline, Metrics baselineMetrics,
                               List<Seed> questions, String described) {
    /** Level at which a difference is called significant in the report. */
    static final double LEVEL = 0.05;

    public EvaluationReport {
        if (modelMetrics.correct().size() != questions.size() || baselineMetrics.correct().size() != questions.size()) {
            throw new IllegalArgumentException("both models must be evaluated on the report's questions");
        }
    }

    public String markdown(String chartFile) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(title).append("\n\n");
        out.append("Questions: ").append(described).append(".\n\n");
        out.append("| | ").append(model).append(" | ").append(baseline).append(" |\n|---|---:|---:|\n");
        out.append(String.format(Locale.ROOT, "| accuracy | **%s** | %s |%n", withInterval(modelMetrics), withInterval(baselineMetrics)));
        out.append(String.format(Locale.ROOT, "| expected calibration error | %.4f | %.4f |%n", modelMetrics.ece(), baselineMetrics.ece()));
        out.append(String.format(Locale.ROOT, "| questions | %d | %d |%n", modelMetrics.items(), baselineMetrics.items()));
        PairedComparison overall = PairedComparison.of(modelMetrics.correct(), baselineMetrics.correct());
        double[] interval = overall.differenceInterval();
        out.append(String.format(Locale.ROOT, "%nDifference: %+.2f points, 95%% paired interval [%+.2f, %+.2f]; McNemar p = %.3f "
                        + "(%d questions only %s gets right, %d only the baseline): %s at %.2f.%n",
                100 * overall.difference(), 100 * interval[0], 100 * interval[1], overall.pValue(), overall.candidateRightOnly(), model,
                overall.referenceRightOnly(), overall.pValue() < LEVEL ? "**significant**" : "not significant", LEVEL));
        MajorityLetter majority = majorityLetter(questions);
        out.append(String.format(Locale.ROOT, "%nMajority-letter reference: always answering %s is right on %.2f%% of these questions.%n",
                majority.letter(), 100 * majority.accuracy()));
        if (chartFile != null) {
            out.append("\n![accuracy per task](").append(chartFile).append(")\n");
        }
        out.append("\n| task | questions | ").append(model).append(" | ").append(baseline)
                .append(" | difference | p |\n|---|---:|---:|---:|---:|---:|\n");
        Map<String, List<Integer>> byTask = byTask();
        for (String task : tasks()) {
            List<Integer> indices = byTask.getOrDefault(task, List.of());
            PairedComparison paired = PairedComparison.of(pick(modelMetrics.correct(), indices), pick(baselineMetrics.correct(), indices));
            String difference = indices.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%+.1f%s", 100 * paired.difference(),
                    paired.pValue() < LEVEL ? "" : " (n.s.)");
            out.append("| ").append(task).append(" | ").append(indices.size()).append(" | ")
                    .append(percent(modelMetrics.accuracyByTask().getOrDefault(task, Double.NaN))).append(" | ")
                    .append(percent(baselineMetrics.accuracyByTask().getOrDefault(task, Double.NaN))).append(" | ")
                    .append(difference).append(" | ").append(indices.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.3f", paired.pValue()))
                    .append(" |\n");
        }
        out.append("\nn.s.: not significant at ").append(LEVEL).append(" (McNemar, exact, two-sided; per task, before any correction for testing many tasks).\n");
        return out.toString();
    }

    private static String withInterval(Metrics metrics) {
        double[] interval = metrics.accuracyInterval();
        return String.format(Locale.ROOT, "%.2f%% [%.1f, %.1f]", 100 * metrics.accuracy(), 100 * interval[0], 100 * interval[1]);
    }

    private static String percent(double accuracy) {
        return Double.isNaN(accuracy) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * accuracy);
    }

    /** The letter that is most often right on these questions, and how often. */
    public record MajorityLetter(String letter, double accuracy) {
    }

    public static MajorityLetter majorityLetter(List<Seed> questions) {
        int[] counts = new int[26];
        questions.forEach(q -> counts[q.answer()]++);
        int best = 0;
        for (int i = 1; i < counts.length; i++) {
            best = counts[i] > counts[best] ? i : best;
        }
        return new MajorityLetter(String.valueOf((char) ('A' + best)), questions.isEmpty() ? Double.NaN : (double) counts[best] / questions.size());
    }

    private Map<String, List<Integer>> byTask() {
        Map<String, List<Integer>> byTask = new TreeMap<>();
        for (int i = 0; i < questions.size(); i++) {
            byTask.computeIfAbsent(questions.get(i).task(), t -> new ArrayList<>()).add(i);
        }
        return byTask;
    }

    private static List<Boolean> pick(List<Boolean> values, List<Integer> indices) {
        return indices.stream().map(values::get).toList();
    }

    /** Every task evaluated, sorted. */
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
