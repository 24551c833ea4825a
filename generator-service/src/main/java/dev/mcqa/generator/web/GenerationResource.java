package dev.mcqa.generator.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.contract.InvalidMessageException;
import dev.mcqa.contract.Violation;
import dev.mcqa.generator.IntakeConfig;
import dev.mcqa.generator.generation.GenerationRun;
import dev.mcqa.generator.generation.Generator;
import dev.mcqa.rest.BoundedBody;
import dev.mcqa.rest.RequestException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/v1/generations")
@Produces(MediaType.APPLICATION_JSON)
public class GenerationResource {

    @Inject
    Generator generator;

    @Inject
    IntakeConfig limits;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a generation run: {task, count, method}",
            description = "method: json or decomposed with an LLM teacher, bank with the simulated teacher (the default is the teacher's first). "
                    + "Answers 202 with the run's progress; follow it at the Location.")
    public Response start(InputStream body) {
        JsonNode request = BoundedBody.json(body, limits.maxBodySize().asLongValue());
        List<Violation> types = new ArrayList<>();
        if (!request.path("task").isTextual()) {
            types.add(new Violation("task", "must be a string"));
        }
        if (!request.path("count").isIntegralNumber() || !request.path("count").canConvertToInt()) {
            types.add(new Violation("count", "must be an integer"));
        }
        if (request.has("method") && !request.get("method").isTextual()) {
            types.add(new Violation("method", "must be a string"));
        }
        if (!types.isEmpty()) {
            throw new RequestException(RequestException.Kind.MALFORMED, types);
        }
        GenerationMethod method = request.has("method") ? method(request.get("method").asText()) : generator.methods().get(0);
        GenerationRun run = generator.start(request.get("task").asText(), request.get("count").asInt(), method);
        return Response.accepted(run.progress()).location(URI.create("/v1/generations/" + run.id())).build();
    }

    @GET
    @Operation(summary = "Progress of the recent runs (the last 1000), oldest first")
    public List<GenerationRun.Progress> all() {
        return generator.runs().stream().map(GenerationRun::progress).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Progress of a run: requested, produced, rejected by reason, failed")
    public GenerationRun.Progress progress(@PathParam("id") String id) {
        return generator.run(id).map(GenerationRun::progress).orElseThrow(() -> new jakarta.ws.rs.NotFoundException("no generation run " + id));
    }

    private static GenerationMethod method(String name) {
        try {
            return GenerationMethod.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("method", "'" + name + "' is not json, decomposed or bank");
        }
    }
}
