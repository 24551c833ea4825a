package dev.mcqa.rest;

import dev.mcqa.contract.InvalidMessageException;
import dev.mcqa.contract.Violation;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the REST API as application/problem+json; bad input is a 4xx, never a 5xx. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response malformedOrInvalid(RequestException e) {
        boolean malformed = e.kind() == RequestException.Kind.MALFORMED;
        return Problem.response(malformed ? 400 : 422, malformed ? "malformed-request" : "invalid-request",
                malformed ? "Malformed request" : "Invalid request", e.getMessage(), e.violations());
    }

    @ServerExceptionMapper
    public Response invalid(InvalidMessageException e) {
        return Problem.response(422, "invalid-request", "Invalid request", e.getMessage(), e.violations());
    }

    @ServerExceptionMapper
    public Response tooLarge(BoundedBody.TooLargeException e) {
        return Problem.response(413, "body-too-large", "Body too large", e.getMessage(),
                List.of(new Violation("", "at most " + e.limit() + " bytes")));
    }

    /** A request that conflicts with what the service is doing (e.g. a second training run). */
    @ServerExceptionMapper
    public Response conflict(IllegalStateException e) {
        return Problem.response(409, "conflict", "Conflict", e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return Problem.response(status, "http-" + status, Response.Status.fromStatusCode(status) == null
                ? "HTTP " + status : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        Log.error("unexpected failure serving a request", e);
        return Problem.response(500, "internal", "Internal error", "the failure is logged; the request may be retried", null);
    }
}
