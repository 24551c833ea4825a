package dev.mcqa.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * A multiple-choice item written by the teacher from a task's seeds. Topic {@link Topics#GENERATED}.
 *
 * @param id             content id of task, question, choices and intended answer: a regenerated duplicate has the same id
 * @param seedIds        lineage: the seeds shown to the teacher as examples
 * @param intendedAnswer the index the teacher meant as correct (a hard label the trainer may use)
 * @param teacher        lineage: the model that wrote it ("simulated" for the simulated teacher)
 * @param promptVersion  lineage: the versioned prompt resource used
 */
public record GeneratedItem(int schemaVersion, String id, String task, List<String> seedIds, String question,
                            List<String> choices, int intendedAnswer, GenerationMethod method, String teacher,
                            String promptVersion) {

    public GeneratedItem {
        List<Violation> violations = new ArrayList<>();
        Rules.schemaVersion(schemaVersion, violations);
        violations.addAll(check(task, seedIds, question, choices, intendedAnswer, method, teacher, promptVersion));
        if (violations.isEmpty()) {
            Rules.id(idOf(task, question, choices, intendedAnswer), id, violations);
        }
        InvalidMessageException.throwIfAny(violations);
        seedIds = List.copyOf(seedIds);
        choices = List.copyOf(choices);
    }

    public static GeneratedItem of(String task, List<String> seedIds, String question, List<String> choices,
                                   int intendedAnswer, GenerationMethod method, String teacher, String promptVersion) {
        InvalidMessageException.throwIfAny(check(task, seedIds, question, choices, intendedAnswer, method, teacher, promptVersion));
        return new GeneratedItem(Rules.SCHEMA_VERSION, idOf(task, question, choices, intendedAnswer), task, seedIds,
                question, choices, intendedAnswer, method, teacher, promptVersion);
    }

    private static List<Violation> check(String task, List<String> seedIds, String question, List<String> choices,
                                         int intendedAnswer, GenerationMethod method, String teacher, String promptVersion) {
        List<Violation> violations = new ArrayList<>();
        Rules.task("task", task, violations);
        if (seedIds == null || seedIds.isEmpty()) {
            violations.add(new Violation("seedIds", "must name at least one seed"));
        } else {
            for (int i = 0; i < seedIds.size(); i++) {
                Rules.required("seedIds[" + i + "]", seedIds.get(i), violations);
            }
        }
        Rules.text("question", question, Rules.MAX_QUESTION_CHARS, violations);
        Rules.choices("choices", choices, violations);
        Rules.choiceIndex("intendedAnswer", intendedAnswer, choices, violations);
        Rules.required("method", method, violations);
        Rules.required("teacher", teacher, violations);
        Rules.required("promptVersion", promptVersion, violations);
        return violations;
    }

    static String idOf(String task, String question, List<String> choices, int intendedAnswer) {
        return ContentId.of("generated", task, question, choices, intendedAnswer);
    }
}
