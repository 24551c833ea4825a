package dev.mcqa.generator.generation;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.NearCopies;
import dev.mcqa.contract.Text;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The generated items of each task, as read back from mcqa.generated (rebuilt from the topic at
 * start), plus the questions being published right now. Answers whether a new question is a
 * near-copy of a seed or of an earlier item of its task.
 */
public final class ItemRegistry {
    private final Map<String, GeneratedItem> itemsById = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Set<String>>> questionsByTask = new ConcurrentHashMap<>();

    /** Records an item read from the topic; false if its id was known. */
    public boolean record(GeneratedItem item) {
        boolean added = itemsById.putIfAbsent(item.id(), item) == null;
        questions(item.task()).put(Text.comparisonKey(item.question()), NearCopies.tokens(item.question()));
        return added;
    }

    public boolean known(String id) {
        return itemsById.containsKey(id);
    }

    public int count(String task) {
        return (int) itemsById.values().stream().filter(item -> item.task().equals(task)).count();
    }

    public Collection<GeneratedItem> items() {
        return itemsById.values();
    }

    /**
     * Reserves a question of the task unless it is a near-copy of {@code seedQuestions} or of a question
     * already reserved or published: equal after normalisation, or token-set similarity at least {@code threshold}.
     */
    public synchronized boolean claim(String task, String question, List<String> seedQuestions, double threshold) {
        String key = Text.comparisonKey(question);
        Set<String> tokens = NearCopies.tokens(question);
        Map<String, Set<String>> known = questions(task);
        if (known.containsKey(key) || known.values().stream().anyMatch(other -> NearCopies.similarity(tokens, other) >= threshold)) {
            return false;
        }
        for (String seed : seedQuestions) {
            if (Text.comparisonKey(seed).equals(key) || NearCopies.similarity(tokens, NearCopies.tokens(seed)) >= threshold) {
                return false;
            }
        }
        known.put(key, tokens);
        return true;
    }

    /** Gives back a claim whose item was not published. */
    public void release(String task, String question) {
        questions(task).remove(Text.comparisonKey(question));
    }

    private Map<String, Set<String>> questions(String task) {
        return questionsByTask.computeIfAbsent(task, t -> new ConcurrentHashMap<>());
    }
}
