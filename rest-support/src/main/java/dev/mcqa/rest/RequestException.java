package dev.mcqa.rest;

import dev.mcqa.contract.InvalidMessageException;
import dev.mcqa.contract.Violation;
import java.util.List;

/** A request refused as a whole, by kind: 400 for malformed, 422 for invalid. */
public final class RequestException extends InvalidMessageException {

    public enum Kind {
        /** Not JSON, or a field of the wrong JSON type. */
        MALFORMED,
        /** Well-formed, but breaks a rule (too few choices, answer out of range, ...). */
        INVALID
    }

    private final Kind kind;

    public RequestException(Kind kind, List<Violation> violations) {
        super(violations);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
