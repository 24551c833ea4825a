package dev.mcqa.trainer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.Seed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {

    private static Metrics metrics(List<Seed> questions, List<Boolean> correct) {
        Map<String, int[]> byTask = new TreeMap<>();
        for (int i = 0; i < questions.size(); i++) {
            int[] counts = byTask.computeIfAbsent(questions.get(i).task(), t -> new int[2]);
            counts[0] += correct.get(i) ? 1 : 0;
            counts[1]++;
        }
        TreeMap<String, Double> accuracy = new TreeMap<>();
        byTask.forEach((task, counts) -> accuracy.put(task, (double) counts[0] / counts[1]));
        double overall = correct.stream().filter(c -> c).count() / (double) correct.size();
        return new Metrics(overall, 0.05, Double.NaN, questions.size(), accuracy, correct);
    }

    @Test
    void showsIntervalsThePairedTestPerTaskSignificanceAndTheMajorityLetter() {
        List<Seed> questions = new ArrayList<>();
        List<Boolean> model = new ArrayList<>();
        List<Boolean> baseline = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String task = i < 100 ? "anatomy" : "astronomy";
            questions.add(Seed.of(task, "Question " + i + "?", List.of("a", "b", "c", "d"), i % 5 == 0 ? 0 : 3, "test"));
            // anatomy: the model right on 60, the baseline on 20 (clear); astronomy: 30 and 28 (noise)
            int j = i % 100;
            model.add(i < 100 ? j < 60 : j < 30);
            baseline.add(i < 100 ? j < 20 : j >= 2 && j < 30);
        }
        EvaluationReport report = new EvaluationReport("Evaluation", "v7", metrics(questions, model), "5-shot baseline",
                metrics(questions, baseline), questions, "200 questions");
        String markdown = report.markdown("report.png");
        assertTrue(markdown.contains("| accuracy | **45.00% [38.3, 51.9]** | 24.00% [18.6, 30.4] |"), markdown);
        assertTrue(markdown.contains("Difference: +21.00 points"), markdown);
        assertTrue(markdown.contains("**significant**"), markdown);
        assertTrue(markdown.contains("| anatomy | 100 | 60.0% | 20.0% | +40.0 | 0.000 |"), markdown);
        assertTrue(markdown.contains("| astronomy | 100 | 30.0% | 28.0% | +2.0 (n.s.) | 0.500 |"), markdown);
        assertTrue(markdown.contains("always answering D is right on 80.00%"), markdown);
        assertTrue(markdown.contains("![accuracy per task](report.png)"), markdown);
        assertEquals(List.of("anatomy", "astronomy"), List.copyOf(report.tasks()));
    }
}
