package dev.mcqa.inference.web;

import dev.mcqa.inference.core.Answerer;
import dev.mcqa.inference.core.ModelHolder;
import dev.mcqa.rest.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 503 problems: no model loaded yet, too many questions waiting (with Retry-After), or the service stopping. */
public class InferenceProblems {

    @ServerExceptionMapper
    public Response noModel(ModelHolder.NoModelException e) {
        return Problem.response(503, "no-model", "No model loaded", e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response overloaded(Answerer.OverloadedException e) {
        Response problem = Problem.response(503, "overloaded", "Overloaded", e.getMessage(), null);
        return Response.fromResponse(problem).header("Retry-After", "1").build();
    }

    @ServerExceptionMapper
    public Response stopping(Answerer.StoppedException e) {
        return Problem.response(503, "stopping", "Stopping", e.getMessage(), null);
    }
}
