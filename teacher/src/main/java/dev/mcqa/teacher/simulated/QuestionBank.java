package dev.mcqa.teacher.simulated;

import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.MmluSplit;
import dev.mcqa.contract.Seed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the SIMULATED teacher "generates": labelled questions drawn from the bank half of MMLU
 * test-public ({@link MmluSplit}), never from the evaluation half. Items come out as
 * {@code method=bank}, {@code teacher=simulated}: nobody can take them for LLM output.
 */
public final class QuestionBank {
    /** The promptVersion of bank items: no prompt was used. */
    public static final String PROMPT_VERSION = "bank-v1";
    private final Map<String, List<Seed>> byTask = new TreeMap<>();

    /** @param mmluTestDirectory an MMLU-format directory such as data/mmlu/test-public */
    public QuestionBank(Path mmluTestDirectory) {
        MmluSplit.read(mmluTestDirectory).forEach((task, halves) -> {
            List<Seed> bank = new ArrayList<>(halves.bank());
            Collections.shuffle(bank, new Random(task.hashCode()));
            byTask.put(task, List.copyOf(bank));
        });
    }

    public int size(String task) {
        return byTask.getOrDefault(task, List.of()).size();
    }

    /** The next bank item of the task that {@code accept} takes, as a generated item with the given seeds as lineage. */
    public Optional<GeneratedItem> draw(String task, List<String> seedIds, Predicate<GeneratedItem> accept) {
        for (Seed question : byTask.getOrDefault(task, List.of())) {
            GeneratedItem item = GeneratedItem.of(task, seedIds, question.question(), question.choices(), question.answer(),
                    GenerationMethod.BANK, SimulatedTeacher.NAME, PROMPT_VERSION);
            if (accept.test(item)) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }
}
