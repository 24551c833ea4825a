package dev.mcqa.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The one split of MMLU test-public into a question bank (what the simulated teacher may draw
 * "generated" items from) and an evaluation half (what this project evaluates on). They never overlap.
 *
 * <p>Rule: an item belongs to the evaluation half when the first byte of the SHA-256 of its
 * question's comparison key ({@link Text#comparisonKey}) is even, else to the bank. The side is a
 * function of the question text alone, so adding or removing a row moves no other item, and a
 * question that MMLU repeats in several tasks lands on the same side in all of them. The bank then
 * drops every item that is a near-copy ({@link NearCopies#ITEM_THRESHOLD}, question and choices) of
 * an evaluation item of any task. An item that occurs twice in a task counts once; rows that are not
 * valid seeds (e.g. two equal choices) belong to neither half. Each half is in content-id order.
 */
public final class MmluSplit {
    private MmluSplit() {
    }

    /**
     * The two halves of one task. The evaluation half is split again, by another bit of the same hash:
     * {@link #validation()} is what a gate decides on, {@link #test()} what is reported, so that a
     * release is never selected on the questions it is reported on.
     */
    public record Halves(List<Seed> evaluation, List<Seed> bank) {
        public List<Seed> validation() {
            return evaluation.stream().filter(item -> forValidation(item.question())).toList();
        }

        public List<Seed> test() {
            return evaluation.stream().filter(item -> !forValidation(item.question())).toList();
        }
    }

    /** Every task of an MMLU-format directory ({@code <task>_test.csv} and the like), split. */
    public static Map<String, Halves> read(Path directory) {
        Map<String, List<Seed>> tasks = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                String name = file.getFileName().toString();
                tasks.put(MmluCsv.taskOf(name), MmluCsv.seeds(name, Files.readString(file, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MMLU directory " + directory, e);
        }
        return split(tasks);
    }

    /** Splits the items of every task by the rule above. */
    public static Map<String, Halves> split(Map<String, List<Seed>> itemsByTask) {
        Map<String, List<Seed>> evaluation = new TreeMap<>();
        Map<String, List<Seed>> bank = new TreeMap<>();
        NearCopies evaluated = new NearCopies(NearCopies.ITEM_THRESHOLD);
        itemsByTask.forEach((task, items) -> {
            Map<String, Seed> unique = new TreeMap<>();
            items.forEach(item -> unique.putIfAbsent(item.id(), item));
            for (Seed item : unique.values()) {
                boolean evaluate = inEvaluationHalf(item.question());
                (evaluate ? evaluation : bank).computeIfAbsent(task, t -> new ArrayList<>()).add(item);
                if (evaluate) {
                    evaluated.add(NearCopies.itemText(item.question(), item.choices()));
                }
            }
        });
        Map<String, Halves> halves = new TreeMap<>();
        itemsByTask.keySet().forEach(task -> halves.put(task, new Halves(
                sorted(evaluation.getOrDefault(task, List.of())),
                sorted(bank.getOrDefault(task, List.of()).stream()
                        .filter(item -> !evaluated.matches(NearCopies.itemText(item.question(), item.choices()))).toList()))));
        return halves;
    }

    /** The side of a question: true for the evaluation half. */
    public static boolean inEvaluationHalf(String question) {
        return (digest(question)[0] & 1) == 0;
    }

    /** Within held-out questions: true for the validation part (gates), false for the test part (reports). */
    public static boolean forValidation(String question) {
        return (digest(question)[1] & 1) == 0;
    }

    private static byte[] digest(String question) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Text.comparisonKey(question).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static List<Seed> sorted(List<Seed> items) {
        return items.stream().sorted(Comparator.comparing(Seed::id)).toList();
    }
}
