package dev.mcqa.rest;

import dev.mcqa.contract.Violation;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.InvalidMessageException;
import dev.mcqa.contract.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads a request body as strict UTF-8, stopping as soon as it passes the limit. */
public final class BoundedBody {
    private BoundedBody() {
    }

    /** Thrown when a body is larger than allowed. */
    public static final class TooLargeException extends RuntimeException {
        private final long limit;

        public TooLargeException(long limit) {
            super("the body is larger than the limit of " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    public static String read(InputStream body, long limit) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = body.read(buffer)) > 0; ) {
                if (bytes.size() + n > limit) {
                    throw new TooLargeException(limit);
                }
                bytes.write(buffer, 0, n);
            }
            return utf8(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON body of at most {@code limit} bytes; an empty body is {@code {}}, anything not JSON a 400. */
    public static JsonNode json(InputStream body, long limit) {
        String text = read(body, limit);
        try {
            return Json.parse(text.isBlank() ? "{}" : text);
        } catch (InvalidMessageException e) {
            throw new RequestException(RequestException.Kind.MALFORMED, e.violations());
        }
    }

    /** Decodes UTF-8 and refuses malformed bytes rather than replacing them. */
    public static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RequestException(RequestException.Kind.MALFORMED,
                    List.of(new Violation("", "the body is not valid UTF-8")));
        }
    }
}
