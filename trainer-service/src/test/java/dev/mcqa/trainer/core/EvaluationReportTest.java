package dev.mcqa.trainer.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {

    @Test
    void setsTheModelBesideTheBaselineOverallAndPerTask() {
        Metrics model = new Metrics(0.4, 0.05, Double.NaN, 20, new TreeMap<>(java.util.Map.of("anatomy", 0.5, "astronomy", 0.3)));
        Metrics baseline = new Metrics(0.25, 0.1, Double.NaN, 20, new TreeMap<>(java.util.Map.of("anatomy", 0.2, "virology", 0.3)));
        EvaluationReport report = new EvaluationReport("Evaluation", "v7", model, "5-shot baseline", baseline, "20 questions");

        assertEquals(List.of("anatomy", "astronomy", "virology"), List.copyOf(report.tasks()));
        assertArrayEquals(new double[] {50, 30, Double.NaN}, report.accuracies(false), 1e-9);
        assertArrayEquals(new double[] {20, Double.NaN, 30}, report.accuracies(true), 1e-9);
        String markdown = report.markdown("report.png");
        assertTrue(markdown.contains("| accuracy | **40.00%** | 25.00% |"), markdown);
        assertTrue(markdown.contains("| expected calibration error | 0.0500 | 0.1000 |"), markdown);
        assertTrue(markdown.contains("| anatomy | 50.0% | 20.0% | +30.0 |"), markdown);
        assertTrue(markdown.contains("| astronomy | 30.0% | n/a | n/a |"), markdown);
        assertTrue(markdown.contains("![accuracy per task](report.png)"), markdown);
    }
}
