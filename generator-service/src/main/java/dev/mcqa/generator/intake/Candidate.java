package dev.mcqa.generator.intake;

import dev.mcqa.contract.Seed;
import dev.mcqa.contract.Violation;
import java.util.List;

/**
 * One seed as received: either a valid {@link Seed} or the rules it breaks.
 *
 * @param source where it came from, also the seed's lineage ({@code rest}, {@code import:anatomy_dev.csv#3})
 */
public record Candidate(String source, Seed seed, List<Violation> violations) {

    public static Candidate valid(Seed seed) {
        return new Candidate(seed.source(), seed, List.of());
    }

    public static Candidate invalid(String source, List<Violation> violations) {
        return new Candidate(source, null, List.copyOf(violations));
    }

    /** A seed from its parts, or the violations that stop it. */
    public static Candidate of(String task, String question, List<String> choices, int answer, String source) {
        List<Violation> violations = Seed.check(task, question, choices, answer, source);
        return violations.isEmpty() ? valid(Seed.of(task, question, choices, answer, source)) : invalid(source, violations);
    }
}
