package dev.mcqa.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MmluSplitTest {
    private static final Path TEST_PUBLIC = Path.of("../data/mmlu/test-public");

    @Test
    void theBundledTestSplitHalvesEveryTaskWithoutOverlapOrNearCopies() {
        Map<String, MmluSplit.Halves> tasks = MmluSplit.read(TEST_PUBLIC);
        assertEquals(57, tasks.size());
        NearCopies evaluation = new NearCopies(NearCopies.ITEM_THRESHOLD);
        Set<String> evaluationQuestions = new HashSet<>();
        int evaluated = 0;
        int bank = 0;
        for (MmluSplit.Halves halves : tasks.values()) {
            for (Seed item : halves.evaluation()) {
                evaluation.add(NearCopies.itemText(item.question(), item.choices()));
                evaluationQuestions.add(Text.comparisonKey(item.question()));
            }
            evaluated += halves.evaluation().size();
            bank += halves.bank().size();
        }
        for (Map.Entry<String, MmluSplit.Halves> task : tasks.entrySet()) {
            for (Seed item : task.getValue().bank()) {
                assertFalse(evaluationQuestions.contains(Text.comparisonKey(item.question())), task.getKey() + ": a bank question is evaluated");
                assertFalse(evaluation.matches(NearCopies.itemText(item.question(), item.choices())), task.getKey() + ": a bank item is a near-copy");
            }
        }
        System.out.printf("MMLU test-public: %d evaluation items, %d bank items%n", evaluated, bank);
        assertTrue(evaluated > 3200 && evaluated < 3800, "evaluation items: " + evaluated);
        assertTrue(evaluated + bank > 6800 && evaluated + bank <= 7010, "items: " + (evaluated + bank));
    }

    @Test
    void removingOneRowMovesNoOtherItemBetweenHalves() throws Exception {
        String name = "high_school_us_history_test.csv";
        List<Seed> items = MmluCsv.seeds(name, Files.readString(TEST_PUBLIC.resolve(name)));
        MmluSplit.Halves before = MmluSplit.split(Map.of("t", items)).get("t");
        for (int removed : new int[] {0, items.size() / 2, items.size() - 1}) {
            List<Seed> fewer = new ArrayList<>(items);
            Seed gone = fewer.remove(removed);
            MmluSplit.Halves after = MmluSplit.split(Map.of("t", fewer)).get("t");
            Set<Seed> wasEvaluated = new HashSet<>(before.evaluation());
            wasEvaluated.remove(gone);
            assertEquals(wasEvaluated, new HashSet<>(after.evaluation()), "row " + removed + " removed");
            Set<Seed> wasBank = new HashSet<>(before.bank());
            wasBank.remove(gone);
            assertEquals(wasBank, new HashSet<>(after.bank()), "row " + removed + " removed");
        }
    }

    @Test
    void aQuestionRepeatedInTwoTasksLandsOnOneSideOnly() {
        Map<String, List<Seed>> tasks = new TreeMap<>();
        List<Seed> a = new ArrayList<>();
        List<Seed> b = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            a.add(Seed.of("a", "Question number " + i + "?", List.of("x" + i, "y"), 0, "test"));
            b.add(Seed.of("b", "Question number " + i + "?", List.of("x" + i, "y"), 0, "test"));
        }
        tasks.put("a", a);
        tasks.put("b", b);
        Map<String, MmluSplit.Halves> split = MmluSplit.split(tasks);
        Set<String> evaluatedInA = split.get("a").evaluation().stream().map(Seed::question).collect(Collectors.toSet());
        assertFalse(evaluatedInA.isEmpty());
        assertTrue(split.get("b").bank().stream().noneMatch(s -> evaluatedInA.contains(s.question())));
        assertEquals(evaluatedInA, split.get("b").evaluation().stream().map(Seed::question).collect(Collectors.toSet()));
    }

    @Test
    void aNearCopyOfAnEvaluationItemLeavesTheBank() {
        List<Seed> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            items.add(Seed.of("t", "Which planet in the solar system is the largest by mass " + i + "?",
                    List.of("Jupiter", "Saturn", "Mars", "Venus"), 0, "test"));
        }
        // Each question differs from the others by one number: near-copies of each other.
        MmluSplit.Halves halves = MmluSplit.split(Map.of("t", items)).get("t");
        assertFalse(halves.evaluation().isEmpty());
        assertEquals(List.of(), halves.bank());
    }

    @Test
    void theSplitDependsOnContentNotOnOrder() {
        List<Seed> items = new ArrayList<>();
        for (String q : List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot")) {
            items.add(Seed.of("t", q + " is what?", List.of("x " + q, "y"), 0, "test"));
        }
        List<Seed> reversed = new ArrayList<>(items);
        Collections.reverse(reversed);
        assertEquals(MmluSplit.split(Map.of("t", items)), MmluSplit.split(new HashMap<>(Map.of("t", reversed))));
    }
}
