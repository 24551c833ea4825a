package dev.mcqa.trainer.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The credential of the trainer's state-changing requests (start a run, with {@code force} or
 * {@code shuffleTargets}, cancel one): {@code Authorization: Bearer <token>}. Without a configured
 * token every request may change state (a warning says so at start).
 */
public final class OperatorToken {

    /** A state-changing request without the right token. */
    public static final class Denied extends RuntimeException {
        public Denied(String message) {
            super(message);
        }
    }

    private final Optional<byte[]> token;

    public OperatorToken(Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    public boolean configured() {
        return token.isPresent();
    }

    /** Throws {@link Denied} unless no token is configured or the header carries it. */
    public void check(String authorization) {
        if (token.isEmpty()) {
            return;
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new Denied("this request changes the trainer's state: send Authorization: Bearer <MCQA_TRAINING_API_TOKEN>");
        }
        byte[] given = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token.get())) { // constant time
            throw new Denied("the bearer token is not the trainer's (MCQA_TRAINING_API_TOKEN)");
        }
    }
}
