package dev.mcqa.trainer.web;

import dev.mcqa.rest.Problem;
import dev.mcqa.trainer.core.OperatorToken;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 401 problem for a state-changing request without the operator token. */
public class OperatorProblems {

    @ServerExceptionMapper
    public Response denied(OperatorToken.Denied e) {
        Response problem = Problem.response(401, "unauthorized", "Operator token required", e.getMessage(), null);
        return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer").build();
    }
}
