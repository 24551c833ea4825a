package dev.mcqa.contract;

import java.util.List;
import java.util.stream.Collectors;

/** A message that breaks the contract; carries every violation found, each naming its field. */
public class InvalidMessageException extends RuntimeException {
    private final transient List<Violation> violations;

    public InvalidMessageException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public InvalidMessageException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }

    static void throwIfAny(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidMessageException(violations);
        }
    }
}
