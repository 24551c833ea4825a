package dev.mcqa.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The one split of MMLU test-public into a question bank (what the simulated teacher may draw
 * "generated" items from) and an evaluation half (what this project evaluates on). They never overlap.
 *
 * <p>Rule, per task: the task's valid items are ordered by their content id (the {@link Seed} id of
 * task, question, choices and answer); items at even positions (0, 2, 4, ...) are the evaluation
 * half, items at odd positions the bank. So the evaluation half has ceil(n/2) items, the split does
 * not depend on file order, and anyone can recompute it. An item that occurs twice counts once
 * (else its copies could land in both halves); rows that are not valid seeds (e.g. two equal
 * choices) belong to neither half.
 */
public final class MmluSplit {
    private MmluSplit() {
    }

    /** The two halves of one task. */
    public record Halves(List<Seed> evaluation, List<Seed> bank) {
    }

    /** Every task of an MMLU-format directory ({@code <task>_test.csv} and the like), split. */
    public static Map<String, Halves> read(Path directory) {
        Map<String, Halves> tasks = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                String name = file.getFileName().toString();
                tasks.put(MmluCsv.taskOf(name), split(MmluCsv.seeds(name, Files.readString(file, StandardCharsets.UTF_8))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MMLU directory " + directory, e);
        }
        return tasks;
    }

    /** Splits one task's items by the rule above. */
    public static Halves split(List<Seed> items) {
        Map<String, Seed> unique = new TreeMap<>();
        items.forEach(item -> unique.putIfAbsent(item.id(), item));
        List<Seed> ordered = new ArrayList<>(unique.values()); // in content-id order
        List<Seed> evaluation = new ArrayList<>();
        List<Seed> bank = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            (i % 2 == 0 ? evaluation : bank).add(ordered.get(i));
        }
        return new Halves(List.copyOf(evaluation), List.copyOf(bank));
    }
}
