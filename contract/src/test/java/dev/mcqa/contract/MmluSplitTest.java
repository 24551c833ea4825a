package dev.mcqa.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MmluSplitTest {

    @Test
    void theBundledTestSplitHalvesEveryTaskWithoutOverlap() {
        Map<String, MmluSplit.Halves> tasks = MmluSplit.read(Path.of("../data/mmlu/test-public"));
        assertEquals(57, tasks.size());
        int evaluation = 0;
        int bank = 0;
        for (Map.Entry<String, MmluSplit.Halves> task : tasks.entrySet()) {
            MmluSplit.Halves halves = task.getValue();
            Set<String> evaluationIds = halves.evaluation().stream().map(Seed::id).collect(Collectors.toSet());
            assertTrue(halves.bank().stream().noneMatch(s -> evaluationIds.contains(s.id())), task.getKey() + " halves overlap");
            int n = halves.evaluation().size() + halves.bank().size();
            assertEquals((n + 1) / 2, halves.evaluation().size(), task.getKey());
            evaluation += halves.evaluation().size();
            bank += halves.bank().size();
        }
        System.out.printf("MMLU test-public: %d evaluation items, %d bank items%n", evaluation, bank);
        assertTrue(evaluation + bank > 6900 && evaluation + bank <= 7010, "items: " + (evaluation + bank));
    }

    @Test
    void theSplitDependsOnContentNotOnOrder() {
        List<Seed> items = List.of(seed("a"), seed("b"), seed("c"), seed("d"), seed("e"));
        MmluSplit.Halves forward = MmluSplit.split(items);
        MmluSplit.Halves backward = MmluSplit.split(reversed(items));
        assertEquals(forward, backward);
        assertEquals(3, forward.evaluation().size());
        Set<Seed> all = new HashSet<>(forward.evaluation());
        all.addAll(forward.bank());
        assertEquals(5, all.size());
    }

    private static List<Seed> reversed(List<Seed> items) {
        List<Seed> copy = new java.util.ArrayList<>(items);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static Seed seed(String question) {
        return Seed.of("t", question + "?", List.of("x", "y"), 0, "test");
    }
}
