package dev.mcqa.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mcqa.contract.Violation;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem detail, answered as {@code application/problem+json}. {@code errors} names each
 * broken field by its JSON path; {@code report} (on a partly failed intake) says what became of each seed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<Violation> errors, Object report) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String type, String title, String detail, List<Violation> errors) {
        return respond(new Problem("urn:mcqa:problem:" + type, title, status, detail, errors, null));
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(MEDIA_TYPE).entity(problem).build();
    }
}
