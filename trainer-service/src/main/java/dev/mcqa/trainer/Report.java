package dev.mcqa.trainer;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.MmluSplit;
import dev.mcqa.contract.Seed;
import dev.mcqa.trainer.core.BatchedPredictor;
import dev.mcqa.trainer.core.EvaluationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The evaluation report: a released model and the 5-shot baseline (both artifact directories) on the
 * test part of the evaluation half of an MMLU-format directory (the part no gate selected on),
 * accuracy per task and overall with intervals and the paired test, written as report.md and
 * report.png; the Markdown is printed too. Run by bin/report.
 * Arguments: model-dir baseline-dir mmlu-dir out-dir [questions per task, default 0 = all] [tasks, comma-separated, default all].
 */
public final class Report {
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: bin/report MODEL_DIR BASELINE_DIR MMLU_DIR OUT_DIR [questions per task, 0 = all] [tasks a,b,...]");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        Path baseline = Path.of(args[1]);
        Path mmlu = Path.of(args[2]);
        Path out = Path.of(args[3]);
        int perTask = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        List<String> tasks = args.length > 5 && !args[5].isBlank() ? List.of(args[5].split(",")) : null;
        List<Seed> questions = new ArrayList<>();
        MmluSplit.read(mmlu).forEach((task, halves) -> {
            if (tasks != null && !tasks.contains(task)) {
                return;
            }
            List<Seed> half = halves.test();
            questions.addAll(perTask > 0 ? half.subList(0, Math.min(perTask, half.size())) : half);
        });
        String described = String.format(Locale.ROOT, "%d from the test part of the evaluation half of %s (%s per task)", questions.size(), mmlu,
                perTask > 0 ? "at most " + perTask : "all");
        EvaluationReport report = new EvaluationReport("Evaluation: " + version(model) + " against the 5-shot baseline",
                version(model), BatchedPredictor.evaluateArtifact(model, questions), "5-shot baseline", BatchedPredictor.evaluateArtifact(baseline, questions), questions, described);
        Files.createDirectories(out);
        chart(report, out.resolve("report.png"));
        String markdown = report.markdown("report.png");
        Files.writeString(out.resolve("report.md"), markdown);
        System.out.print(markdown);
        System.out.println("\nwritten: " + out.resolve("report.md") + " and " + out.resolve("report.png"));
    }

    private static String version(Path artifact) throws Exception {
        return Json.parse(Files.readString(artifact.resolve("model-card.json"))).path("version").asText(artifact.getFileName().toString());
    }

    private static void chart(EvaluationReport report, Path png) throws Exception {
        List<String> tasks = new ArrayList<>(report.tasks());
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(900, 28 * tasks.size())).height(650)
                .title(report.title()).xAxisTitle("task").yAxisTitle("accuracy (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setYAxisDecimalPattern("#");
        chart.addSeries(report.model(), tasks, toList(report.accuracies(false)));
        chart.addSeries(report.baseline(), tasks, toList(report.accuracies(true)));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static List<Double> toList(double[] values) {
        List<Double> list = new ArrayList<>();
        for (double value : values) {
            list.add(Double.isNaN(value) ? 0.0 : value);
        }
        return list;
    }
}
