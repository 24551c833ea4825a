package dev.mcqa.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.teacher.simulated.QuestionBank;
import dev.mcqa.teacher.simulated.SimulatedTeacher;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedTeacherTest {

    @Test
    void topOneAccuracyOver2000ItemsIsTheConfiguredOne() {
        for (double accuracy : new double[] {0.45, 0.7}) {
            SimulatedTeacher teacher = new SimulatedTeacher(accuracy, 0.6);
            int correct = 0;
            for (int i = 0; i < 2000; i++) {
                GeneratedItem item = GeneratedItem.of("t", List.of("s"), "Question " + i + "?", List.of("a" + i, "b", "c", "d"),
                        i % 4, GenerationMethod.BANK, SimulatedTeacher.NAME, QuestionBank.PROMPT_VERSION);
                List<Double> p = teacher.probabilities(item);
                assertEquals(1.0, p.stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
                assertEquals(p, teacher.probabilities(item), "deterministic");
                int top = 0;
                for (int c = 1; c < 4; c++) {
                    top = p.get(c) > p.get(top) ? c : top;
                }
                correct += top == item.intendedAnswer() ? 1 : 0;
            }
            double measured = correct / 2000.0;
            System.out.printf("simulated teacher configured %.2f, measured top-1 accuracy %.4f over 2000 items%n", accuracy, measured);
            assertTrue(Math.abs(measured - accuracy) <= 0.03, "measured " + measured);
        }
    }

    @Test
    void theBankDrawsUnseenBankItemsOnlyAndSaysItIsSimulated() {
        QuestionBank bank = new QuestionBank(Path.of("../data/mmlu/test-public"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < bank.size("anatomy"); i++) {
            GeneratedItem item = bank.draw("anatomy", List.of("seed-1"), candidate -> !seen.contains(candidate.id())).orElseThrow();
            assertTrue(seen.add(item.id()));
            assertEquals(SimulatedTeacher.NAME, item.teacher());
            assertEquals(GenerationMethod.BANK, item.method());
        }
        assertTrue(bank.draw("anatomy", List.of("seed-1"), item -> !seen.contains(item.id())).isEmpty(), "the bank runs dry");
    }
}
