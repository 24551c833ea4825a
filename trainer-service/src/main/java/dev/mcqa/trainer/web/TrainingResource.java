package dev.mcqa.trainer.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.contract.Violation;
import dev.mcqa.rest.BoundedBody;
import dev.mcqa.rest.RequestException;
import dev.mcqa.trainer.core.Baselines;
import dev.mcqa.trainer.core.Dataset;
import dev.mcqa.trainer.core.OperatorToken;
import dev.mcqa.trainer.core.Trainer;
import dev.mcqa.trainer.core.TrainingRun;
import dev.mcqa.trainer.kafka.ReleaseHistory;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/v1/trainings")
@Produces(MediaType.APPLICATION_JSON)
public class TrainingResource {
    private static final long MAX_BODY = 64 * 1024;

    @Inject
    Trainer trainer;

    @Inject
    Dataset dataset;

    @Inject
    ReleaseHistory releases;

    @Inject
    OperatorToken operator;

    @Inject
    Baselines baselines;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a training run: {force?, shuffleTargets?, epochs?} (all optional)",
            description = "202 with the run's progress; 409 while another run is active; 401 without the operator token when one is configured. force releases even below the gate; "
                    + "shuffleTargets is a control run whose targets are permuted among the questions.")
    public Response start(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body) {
        operator.check(authorization);
        JsonNode request = BoundedBody.json(body, MAX_BODY);
        List<Violation> problems = new ArrayList<>();
        for (String flag : List.of("force", "shuffleTargets")) {
            if (request.has(flag) && !request.get(flag).isBoolean()) {
                problems.add(new Violation(flag, "must be true or false"));
            }
        }
        JsonNode epochs = request.get("epochs");
        if (epochs != null && (!epochs.isIntegralNumber() || epochs.asInt() < 1 || epochs.asInt() > 100)) {
            problems.add(new Violation("epochs", "must be an integer from 1 to 100"));
        }
        if (!problems.isEmpty()) {
            throw new RequestException(RequestException.Kind.MALFORMED, problems);
        }
        TrainingRun run = trainer.start(new Trainer.Request(request.path("force").asBoolean(false),
                request.path("shuffleTargets").asBoolean(false), epochs == null ? null : epochs.asInt()));
        return Response.accepted(run.progress()).location(URI.create("/v1/trainings/" + run.id())).build();
    }

    @GET
    @Operation(summary = "All runs of this instance, oldest first, the dataset's size and the current release (the gate's bar)")
    public Map<String, Object> all() {
        return Map.of("seeds", dataset.seedCount(), "scoredItems", dataset.scoredCount(), "newScoredItems", dataset.newScored(),
                "currentRelease", releases.current().map(r -> Map.of("version", r.version(), "accuracy", r.metrics().getOrDefault("accuracy", Double.NaN))).orElse(Map.of()),
                "runs", trainer.runs().stream().map(TrainingRun::progress).toList());
    }

    @GET
    @Path("/dataset")
    @Operation(summary = "The dataset: seeds, scored items, and a digest of their ids (equal datasets, equal digests)")
    public Map<String, Object> dataset() {
        return Map.of("seeds", dataset.seedCount(), "scoredItems", dataset.scoredCount(), "idsSha256", dataset.idsDigest());
    }

    @GET
    @Path("/releases")
    @Operation(summary = "The last 50 releases on mcqa.models, oldest first: version, metrics (accuracy overall and per task, ECE), lineage")
    public List<ModelRelease> releases() {
        return releases.recent();
    }

    @GET
    @Path("/baseline")
    @Operation(summary = "The newest 5-shot baseline's model card (mcqa.training.baseline-dir); 404 when there is none")
    public String baseline() {
        return baselines.newestCard().orElseThrow(() -> new NotFoundException("no baseline in mcqa.training.baseline-dir"));
    }

    @GET
    @Path("/{id}/losses")
    @Operation(summary = "The loss of every step of a run so far: [{step, loss}]")
    public List<TrainingRun.LossPoint> losses(@PathParam("id") String id) {
        return trainer.run(id).map(TrainingRun::losses).orElseThrow(() -> new NotFoundException("no training run " + id));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "State, epoch, step/total, loss, time left, evaluation figures, release")
    public TrainingRun.Progress progress(@PathParam("id") String id) {
        return trainer.run(id).map(TrainingRun::progress).orElseThrow(() -> new NotFoundException("no training run " + id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Cancel a run; it stops after its current step")
    public Response cancel(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") String id) {
        operator.check(authorization);
        if (trainer.run(id).isEmpty()) {
            throw new NotFoundException("no training run " + id);
        }
        if (!trainer.cancel(id)) {
            throw new IllegalStateException("run " + id + " is over");
        }
        return Response.accepted(trainer.run(id).get().progress()).build();
    }
}
