package dev.mcqa.teacher;

/** A failed teacher call, by kind; the first three are worth retrying. */
public class TeacherException extends RuntimeException {

    public enum Kind {
        /** 429: too many requests. */
        RATE_LIMITED,
        /** 5xx, or the endpoint unreachable. */
        UNAVAILABLE,
        /** No answer in time. */
        TIMEOUT,
        /** 4xx other than 429: the request itself is wrong; retrying will not help. */
        REJECTED
    }

    private final Kind kind;

    public TeacherException(Kind kind, String message, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind != Kind.REJECTED;
    }
}
