package dev.mcqa.teacher.config;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps a teacher's {@code Retry-After} header: quarkus-langchain4j turns an error response into an
 * exception that carries the status and body only, so on a chat-completions error with that header
 * the header line is put in front of the body, where {@link dev.mcqa.teacher.RetryAfter} reads it.
 */
@Provider
public class RetryAfterHeader implements ClientResponseFilter {

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) throws IOException {
        String retryAfter = response.getHeaderString("Retry-After");
        if (retryAfter == null || response.getStatus() < 400 || !request.getUri().getPath().endsWith("/chat/completions")) {
            return;
        }
        byte[] body;
        try (InputStream in = response.getEntityStream()) {
            body = in == null ? new byte[0] : in.readAllBytes();
        }
        byte[] line = ("Retry-After: " + retryAfter.strip() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] withHeader = new byte[line.length + body.length];
        System.arraycopy(line, 0, withHeader, 0, line.length);
        System.arraycopy(body, 0, withHeader, line.length, body.length);
        response.setEntityStream(new ByteArrayInputStream(withHeader));
        response.getHeaders().putSingle("Content-Length", Integer.toString(withHeader.length));
    }
}
