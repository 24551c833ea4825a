package dev.mcqa.generator.intake;

import dev.mcqa.contract.InvalidMessageException;
import dev.mcqa.contract.Violation;
import java.util.List;

/** A seed request refused as a whole; nothing of it is published. */
public final class SeedRequestException extends InvalidMessageException {

    public enum Kind {
        /** Not JSON, or a field of the wrong JSON type. */
        MALFORMED,
        /** Well-formed, but a seed breaks a rule (too few choices, answer out of range, ...). */
        INVALID
    }

    private final Kind kind;

    public SeedRequestException(Kind kind, List<Violation> violations) {
        super(violations);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
