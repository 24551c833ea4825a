package dev.mcqa.contract;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A generated item with the teacher's probability for each of its choices: the student's soft
 * targets. Topic {@link Topics#SCORED}, keyed by {@code item.id}.
 *
 * @param id             content id of the item id, scorer, method and permutation count
 * @param task           the item's task
 * @param probabilities  one per choice, in the item's choice order, each in [0, 1], summing to 1
 * @param scorer         lineage: the model that gave the probabilities ("simulated" for the simulated teacher)
 * @param permutations   how many cyclic orders of the choices were scored and combined (1 = no debiasing)
 * @param flooredChoices choices whose letter was absent from the teacher's top log-probs in some order and got the floor probability
 * @param letterMass     optional: the smallest share, over the orders, of the answer token's probability that fell on
 *                       choice letters (all spellings); low means the teacher was not answering with a letter and the
 *                       probabilities carry no signal. Null where not measured (sampling, simulated teacher)
 */
public record ScoredItem(int schemaVersion, String id, String task, GeneratedItem item, List<Double> probabilities,
                         String scorer, ScoringMethod scoringMethod, int permutations, List<Integer> flooredChoices,
                         @JacksonInject(value = Json.ABSENT, useInput = OptBoolean.TRUE) @JsonInclude(JsonInclude.Include.NON_NULL)
                         Double letterMass) {
    /** Tolerance on the sum of the probabilities. */
    public static final double SUM_TOLERANCE = 1e-6;

    public ScoredItem {
        List<Violation> violations = new ArrayList<>();
        Rules.schemaVersion(schemaVersion, violations);
        violations.addAll(check(task, item, probabilities, scorer, scoringMethod, permutations, flooredChoices, letterMass));
        if (violations.isEmpty()) {
            Rules.id(idOf(item, scorer, scoringMethod, permutations), id, violations);
        }
        InvalidMessageException.throwIfAny(violations);
        probabilities = List.copyOf(probabilities);
        flooredChoices = List.copyOf(new TreeSet<>(flooredChoices));
    }

    public static ScoredItem of(GeneratedItem item, List<Double> probabilities, String scorer,
                                ScoringMethod scoringMethod, int permutations, List<Integer> flooredChoices) {
        return of(item, probabilities, scorer, scoringMethod, permutations, flooredChoices, null);
    }

    public static ScoredItem of(GeneratedItem item, List<Double> probabilities, String scorer, ScoringMethod scoringMethod,
                                int permutations, List<Integer> flooredChoices, Double letterMass) {
        String task = item == null ? null : item.task();
        InvalidMessageException.throwIfAny(check(task, item, probabilities, scorer, scoringMethod, permutations, flooredChoices, letterMass));
        return new ScoredItem(Rules.SCHEMA_VERSION, idOf(item, scorer, scoringMethod, permutations), task, item,
                probabilities, scorer, scoringMethod, permutations, flooredChoices, letterMass);
    }

    /** Whether the teacher gave no letter signal: every choice floored, or letter mass below {@code minLetterMass}. */
    public boolean withoutLetterSignal(double minLetterMass) {
        return flooredChoices.size() == probabilities.size() || (letterMass != null && letterMass < minLetterMass);
    }

    private static List<Violation> check(String task, GeneratedItem item, List<Double> probabilities, String scorer,
                                         ScoringMethod scoringMethod, int permutations, List<Integer> flooredChoices,
                                         Double letterMass) {
        List<Violation> violations = new ArrayList<>();
        Rules.required("item", item, violations);
        Rules.required("scorer", scorer, violations);
        Rules.required("scoringMethod", scoringMethod, violations);
        Rules.required("flooredChoices", flooredChoices, violations);
        if (letterMass != null && !(letterMass >= 0 && letterMass <= 1 + SUM_TOLERANCE)) {
            violations.add(new Violation("letterMass", "is " + letterMass + ", not in [0, 1]"));
        }
        if (permutations < 1) {
            violations.add(new Violation("permutations", "must be at least 1, got " + permutations));
        }
        if (item == null) {
            return violations;
        }
        if (!item.task().equals(task)) {
            violations.add(new Violation("task", "'" + task + "' differs from the item's task '" + item.task() + "'"));
        }
        int choices = item.choices().size();
        if (probabilities == null || probabilities.size() != choices) {
            violations.add(new Violation("probabilities", "needs one probability per choice (" + choices + ")"));
        } else {
            double sum = 0;
            for (int i = 0; i < choices; i++) {
                Double p = probabilities.get(i);
                if (p == null || !(p >= 0 && p <= 1)) {
                    violations.add(new Violation("probabilities[" + i + "]", "is " + p + ", not in [0, 1]"));
                } else {
                    sum += p;
                }
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                violations.add(new Violation("probabilities", "sum to " + sum + ", not 1"));
            }
        }
        if (flooredChoices != null) {
            for (int i = 0; i < flooredChoices.size(); i++) {
                Integer index = flooredChoices.get(i);
                if (index == null || index < 0 || index >= choices) {
                    violations.add(new Violation("flooredChoices[" + i + "]", "is not a choice index"));
                }
            }
        }
        return violations;
    }

    static String idOf(GeneratedItem item, String scorer, ScoringMethod scoringMethod, int permutations) {
        return ContentId.of("scored", item.id(), scorer, scoringMethod, permutations);
    }
}
