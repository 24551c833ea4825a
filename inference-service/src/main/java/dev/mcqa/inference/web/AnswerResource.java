package dev.mcqa.inference.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.Violation;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.inference.InferenceConfig;
import dev.mcqa.inference.core.Answer;
import dev.mcqa.inference.core.Answerer;
import dev.mcqa.inference.core.Batching;
import dev.mcqa.inference.core.BatchingChoice;
import dev.mcqa.inference.core.ModelHolder;
import dev.mcqa.inference.core.QuestionRules;
import dev.mcqa.inference.core.ServedModel;
import dev.mcqa.rest.BoundedBody;
import dev.mcqa.rest.RequestException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class AnswerResource {

    /** The answers of a batch, in order. */
    public record Answers(List<Answer> answers) {
    }

    @Inject
    Answerer answerer;

    @Inject
    ModelHolder models;

    @Inject
    InferenceConfig config;

    @Inject
    MeterRegistry meters;

    private QuestionRules.Limits limits;
    private Timer latency;

    @PostConstruct
    void init() {
        limits = new QuestionRules.Limits(config.maxChoices(), config.maxQuestionChars(), config.maxChoiceChars(), config.maxBatchQuestions());
        latency = Timer.builder("mcqa.inference.latency").description("time to answer a request")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(meters);
    }

    @POST
    @Path("/answers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer one question: {question, choices (>= 2), task?} -> {answer, label, probabilities, model}")
    public Answer answer(InputStream body) {
        List<Violation> problems = new ArrayList<>();
        McqaInput question = QuestionRules.read(BoundedBody.json(body, config.maxBodySize().asLongValue()), "", limits, problems);
        reject(problems);
        return answer(List.of(question)).get(0);
    }

    @POST
    @Path("/answers/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer several questions: {questions: [...]} -> {answers: [...]}, in order")
    public Answers batch(InputStream body) {
        JsonNode request = BoundedBody.json(body, config.maxBodySize().asLongValue());
        JsonNode list = request.get("questions");
        List<Violation> problems = new ArrayList<>();
        List<McqaInput> questions = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add(new Violation("questions", "must be a non-empty array of {question, choices, task?}"));
        } else if (list.size() > limits.maxBatchQuestions()) {
            problems.add(new Violation("questions", "has " + list.size() + " questions; the limit is " + limits.maxBatchQuestions()));
        } else {
            for (int i = 0; i < list.size(); i++) {
                questions.add(QuestionRules.read(list.get(i), "questions[" + i + "]", limits, problems));
            }
        }
        reject(problems);
        return new Answers(answer(questions));
    }

    @GET
    @Path("/model")
    @Operation(summary = "The model being served")
    public Map<String, Object> model() {
        ServedModel model = models.current().orElseThrow(ModelHolder.NoModelException::new);
        return Map.of("version", model.version(), "artifactUri", model.artifactUri(), "sha256", model.sha256(),
                "precision", model.precision(), "batching", batching(model.batching()), "loadedAt", model.loadedAt().toString());
    }

    @GET
    @Path("/model/card")
    @Operation(summary = "The served release's model card: evaluation, gate decision, dataset and lineage")
    public String card() {
        return models.current().orElseThrow(ModelHolder.NoModelException::new).card();
    }

    /** The batching setting, whether it batches, and for auto the two rates it was decided on (questions/s). */
    private static Map<String, Object> batching(BatchingChoice choice) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("setting", choice.setting().name().toLowerCase(Locale.ROOT));
        shown.put("batch", choice.batch());
        if (choice.setting() == Batching.AUTO) {
            shown.put("batchedPerSecond", Math.round(choice.batchedPerSecond() * 10) / 10.0);
            shown.put("concurrentPerSecond", Math.round(choice.concurrentPerSecond() * 10) / 10.0);
        }
        return shown;
    }

    private List<Answer> answer(List<McqaInput> questions) {
        long start = System.nanoTime();
        CompletableFuture<List<Answer>> pending = answerer.answer(questions);
        try {
            return pending.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw answerFailure(e.getCause());
        } catch (TimeoutException e) {
            pending.cancel(false); // given up: the batcher drops it instead of computing an answer nobody reads
            throw new jakarta.ws.rs.ServiceUnavailableException("no answer within " + config.timeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new jakarta.ws.rs.ServiceUnavailableException("interrupted");
        } finally {
            latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The service's own refusals (no model yet, overloaded, stopping) keep their 503 problems; any other
     * failure to answer (an OrtException, an Error, ONNX Runtime's IllegalStateException) is the
     * service's, a 500, never a 409 conflict as an IllegalStateException alone would map.
     */
    static RuntimeException answerFailure(Throwable cause) {
        if (cause instanceof ModelHolder.NoModelException || cause instanceof Answerer.OverloadedException
                || cause instanceof Answerer.StoppedException) {
            return (RuntimeException) cause;
        }
        return new jakarta.ws.rs.InternalServerErrorException("the model failed to answer: " + cause, cause);
    }

    private static void reject(List<Violation> problems) {
        if (!problems.isEmpty()) {
            boolean types = problems.stream().anyMatch(p -> p.message().startsWith("must be") || p.message().equals("is required"));
            throw new RequestException(types ? RequestException.Kind.MALFORMED : RequestException.Kind.INVALID, problems);
        }
    }
}
