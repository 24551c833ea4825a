package dev.mcqa.teacher;

import java.time.Duration;
import java.util.Optional;

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
        REJECTED,
        /** The model declined to answer (a {@code refusal}, or {@code finish_reason: content_filter}); asking again will not help. */
        REFUSED
    }

    private final Kind kind;
    private final Duration retryAfter;

    public TeacherException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, null);
    }

    /** @param retryAfter how long the server asked to wait before the next call ({@code Retry-After}), or null */
    public TeacherException(Kind kind, String message, Throwable cause, Duration retryAfter) {
        super(kind + ": " + message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind != Kind.REJECTED && kind != Kind.REFUSED;
    }

    /** The wait the server asked for, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
