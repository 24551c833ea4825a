package dev.mcqa.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * A labelled example of a task, the only labelled data a run learns from. Topic {@link Topics#SEEDS}.
 *
 * @param id       content id of task, question, choices and answer: the same seed sent twice has one id
 * @param answer   0-based index of the correct choice
 * @param source   where it came from (lineage), e.g. {@code rest} or {@code import:abstract_algebra_dev.csv#3}
 */
public record Seed(int schemaVersion, String id, String task, String question, List<String> choices, int answer, String source) {

    public Seed {
        List<Violation> violations = new ArrayList<>();
        Rules.schemaVersion(schemaVersion, violations);
        violations.addAll(check(task, question, choices, answer, source));
        if (violations.isEmpty()) {
            Rules.id(idOf(task, question, choices, answer), id, violations);
        }
        InvalidMessageException.throwIfAny(violations);
        choices = List.copyOf(choices);
    }

    public static Seed of(String task, String question, List<String> choices, int answer, String source) {
        InvalidMessageException.throwIfAny(check(task, question, choices, answer, source));
        return new Seed(Rules.SCHEMA_VERSION, idOf(task, question, choices, answer), task, question, choices, answer, source);
    }

    /** Every rule a seed's content breaks, each naming its field; empty when it is a valid seed. */
    public static List<Violation> check(String task, String question, List<String> choices, int answer, String source) {
        List<Violation> violations = new ArrayList<>();
        Rules.task("task", task, violations);
        Rules.text("question", question, Rules.MAX_QUESTION_CHARS, violations);
        Rules.choices("choices", choices, violations);
        Rules.choiceIndex("answer", answer, choices, violations);
        Rules.required("source", source, violations);
        return violations;
    }

    static String idOf(String task, String question, List<String> choices, int answer) {
        return ContentId.of("seed", task, question, choices, answer);
    }
}
