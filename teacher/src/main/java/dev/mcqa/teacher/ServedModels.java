package dev.mcqa.teacher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the teacher endpoint serves the configured model, from {@code GET <base-url>/models}
 * (OpenAI, vLLM, llama-server and Ollama's /v1 all list {@code data[].id}). vLLM and Ollama answer
 * 404 to any model they do not serve, so a wrong name would otherwise fail every item one by one.
 */
public final class ServedModels {

    public enum Verdict {
        /** The model is listed. */
        SERVED,
        /** The list came back without the model: every call would fail. */
        NOT_SERVED,
        /** No list to judge by: the endpoint is down or has no /models; calls will tell. */
        UNKNOWN
    }

    public record Check(Verdict verdict, List<String> served, String message) {
    }

    private ServedModels() {
    }

    public static Check check(String baseUrl, String apiKey, String model, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/models")).timeout(timeout).GET();
        if (apiKey != null && !apiKey.isBlank()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(timeout).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new Check(Verdict.UNKNOWN, List.of(), "GET /models answered HTTP " + response.statusCode());
            }
            return judge(response.body(), model);
        } catch (IOException e) {
            return new Check(Verdict.UNKNOWN, List.of(), "GET /models failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check(Verdict.UNKNOWN, List.of(), "interrupted");
        }
    }

    /** Judges a models list body. */
    static Check judge(String body, String model) {
        JsonNode data;
        try {
            data = new ObjectMapper().readTree(body).path("data");
        } catch (IOException e) {
            return new Check(Verdict.UNKNOWN, List.of(), "GET /models did not answer JSON");
        }
        if (!data.isArray()) {
            return new Check(Verdict.UNKNOWN, List.of(), "GET /models has no 'data' list");
        }
        List<String> served = new ArrayList<>();
        data.forEach(entry -> served.add(entry.path("id").asText()));
        return served.contains(model)
                ? new Check(Verdict.SERVED, served, "model '" + model + "' is served")
                : new Check(Verdict.NOT_SERVED, served, "model '" + model + "' is not served here; the endpoint serves " + served
                        + " (set mcqa.teacher.model / MCQA_TEACHER_MODEL)");
    }
}
