package dev.mcqa.inference.web;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.contract.Topics;
import dev.mcqa.encoding.EncodedBatch;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.encoding.OrtModel;
import dev.mcqa.rest.Problem;
import dev.mcqa.testing.KafkaTestResource;
import dev.mcqa.testing.KafkaTestClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Releases on a real broker in, answers over REST out. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnswerApiTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String QUESTION = "{\"question\":\"Which planet is the largest?\",\"choices\":[\"Mars\",\"Jupiter\",\"Venus\",\"Earth\"],\"task\":\"astronomy\"}";

    private static void publish(ModelRelease release) {
        KafkaTestClient.send(Topics.MODELS, release.taskScope(), Json.encode(release));
    }

    private static void awaitServing(String version) {
        await().atMost(WAIT).untilAsserted(() -> given().get("/v1/model").then().statusCode(200).body("version", equalTo(version))
                .body("precision", equalTo("fp32")).body("batching.setting", equalTo("auto")).body("batching.batchedPerSecond", greaterThan(0f))
                .body("batching.concurrentPerSecond", greaterThan(0f)));
    }

    @Test
    @Order(1)
    void notReadyAndA503ProblemBeforeAnyModel() {
        given().get("/q/health/ready").then().statusCode(503);
        given().contentType("application/json").body(QUESTION).post("/v1/answers")
                .then().statusCode(503).contentType(Problem.MEDIA_TYPE).body("type", equalTo("urn:mcqa:problem:no-model"));
    }

    @Test
    @Order(2)
    void answersAreWhatTheOnnxFileGives() throws Exception {
        ModelRelease release = Artifacts.release("v1-" + System.nanoTime(), 1f, false);
        publish(release);
        awaitServing(release.version());
        given().get("/q/health/ready").then().statusCode(200);

        Response response = given().contentType("application/json").body(QUESTION).post("/v1/answers");
        response.then().statusCode(200).body("model", equalTo(release.version()));
        List<Float> served = response.jsonPath().getList("probabilities", Float.class);

        Path artifact = Path.of(URI.create(release.artifactUri()));
        try (OrtModel ort = OrtModel.open(artifact.resolve("model.onnx").toString(), new OrtSession.SessionOptions());
             McqaEncoder encoder = McqaEncoder.open(artifact.resolve("tokenizer.json"), 64, true, 0)) {
            EncodedBatch batch = encoder.encode(List.of(new McqaInput("Which planet is the largest?", List.of("Mars", "Jupiter", "Venus", "Earth"))));
            float[] logits = ort.logits(batch);
            double max = Math.max(Math.max(logits[0], logits[1]), Math.max(logits[2], logits[3]));
            double sum = 0;
            for (float l : logits) {
                sum += Math.exp(l - max);
            }
            int best = 0;
            for (int i = 0; i < 4; i++) {
                assertEquals(Math.exp(logits[i] - max) / sum, served.get(i), 1e-6);
                best = logits[i] > logits[best] ? i : best;
            }
            response.then().body("answer", equalTo(best)).body("label", equalTo(String.valueOf((char) ('A' + best))));
        }
        given().contentType("application/json").body("{\"questions\":[" + QUESTION + "," + QUESTION.replace("\"Earth\"", "\"Earth\",\"Pluto\"") + "]}")
                .post("/v1/answers/batch").then().statusCode(200).body("answers.size()", equalTo(2))
                .body("answers[1].probabilities.size()", equalTo(5));
    }

    @Test
    @Order(3)
    void hotSwapUnderLoadDropsNothingAndABrokenReleaseIsRefused() throws Exception {
        ModelRelease second = Artifacts.release("v2-" + System.nanoTime(), 3f, false);
        ModelRelease third = Artifacts.release("v3-" + System.nanoTime(), -2f, false);
        ModelRelease broken = Artifacts.release("v4-broken-" + System.nanoTime(), 1f, true);
        AnswerLoad load = new AnswerLoad(4, QUESTION);
        try (load) {
            Thread.sleep(500);
            publish(second);
            awaitServing(second.version());
            publish(third);
            awaitServing(third.version());
            publish(broken);
            Thread.sleep(3000);
        }
        assertEquals(List.of(), load.failures(), "no request failed during the swaps");
        assertTrue(load.versions().contains(second.version()) && load.versions().contains(third.version()), load.versions().toString());
        given().get("/v1/model").then().body("version", equalTo(third.version()));
        given().contentType("application/json").body(QUESTION).post("/v1/answers").then().body("model", equalTo(third.version()));
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("mcqa_inference_releases_total{outcome=\"refused\"} 1.0")));
        given().get("/q/metrics").then().body(containsString("mcqa_inference_model{version=\"" + third.version() + "\"} 1.0"))
                .body(not(containsString("mcqa_inference_model{version=\"" + second.version() + "\"}")));
        boolean batch = given().get("/v1/model").then().extract().path("batching.batch");
        given().get("/q/metrics").then().body(containsString("mcqa_inference_batching " + (batch ? "1.0" : "0.0")));
    }

    @Test
    @Order(4)
    void badInputIsA4xxProblemNeverA5xx() {
        String big = "x".repeat(9000);
        List<String[]> cases = List.of(
                new String[] {"{}", "question"},
                new String[] {"{\"question\":\"Q?\"}", "choices"},
                new String[] {"{\"question\":\"Q?\",\"choices\":[\"only\"]}", "choices"},
                new String[] {"{\"question\":\"Q?\",\"choices\":" + manyChoices(500) + "}", "choices"},
                new String[] {"{\"question\":\"" + big + "\",\"choices\":[\"a\",\"b\"]}", "question"},
                new String[] {"{\"question\":42,\"choices\":[\"a\",\"b\"]}", "question"},
                new String[] {"{\"question\":\"Q?\",\"choices\":\"a,b\"}", "choices"},
                new String[] {"{\"question\":\"Q?\",\"choices\":[\"a\",7]}", "choices[1]"},
                new String[] {"{\"question\":\"\",\"choices\":[\"a\",\"b\"]}", "question"},
                new String[] {"{\"question\":\"   \",\"choices\":[\"a\",\"b\"]}", "question"},
                new String[] {"{\"question\":\"Q?\",\"choices\":[\"a\",\"\"]}", "choices[1]"},
                new String[] {"{\"question\":\"Q?\\ud800\",\"choices\":[\"a\",\"b\"]}", "question"},
                new String[] {"{\"question\":\"Q?\",\"choices\":[\"a\",\"b\\udc00\"]}", "choices[1]"},
                new String[] {"{\"question\":\"Q?\",\"choices\":[\"a\",\"b\"],\"task\":\"Not A Task!\"}", "task"},
                new String[] {"{\"question\":\"Q?\",\"choices\":[\"a\",\"b\"],\"task\":3}", "task"},
                new String[] {"not json", ""},
                new String[] {"[" + QUESTION + "]", ""},
                new String[] {"{\"question\":\"Q?\",\"choices\":[null,\"b\"]}", "choices[0]"});
        for (String[] c : cases) {
            Response r = given().contentType("application/json").body(c[0]).post("/v1/answers");
            assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, c[0].substring(0, Math.min(80, c[0].length())) + " -> " + r.statusCode());
            r.then().contentType(Problem.MEDIA_TYPE).body("errors.field", hasItem(c[1]));
        }
        given().contentType("application/json").body("{\"question\":\"" + "y".repeat(1_100_000) + "\",\"choices\":[\"a\",\"b\"]}")
                .post("/v1/answers").then().statusCode(413).contentType(Problem.MEDIA_TYPE);
        given().contentType("text/plain").body(QUESTION).post("/v1/answers").then().statusCode(415).contentType(Problem.MEDIA_TYPE);
        given().contentType("application/json").body("{\"questions\":[]}").post("/v1/answers/batch")
                .then().statusCode(400).body("errors.field", hasItem("questions"));
        given().contentType("application/json").body("{\"questions\":[" + QUESTION + ",{\"question\":\"Q?\"}]}").post("/v1/answers/batch")
                .then().statusCode(400).body("errors.field", hasItem("questions[1].choices"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("mcqa_inference_latency_seconds"))
                .body(containsString("mcqa_inference_batch_size"))
                .body(containsString("mcqa_inference_errors_total{kind=\"malformed-request\"}"))
                .body(containsString("mcqa_inference_errors_total{kind=\"invalid-request\"}"))
                .body(containsString("mcqa_inference_errors_total{kind=\"body-too-large\"} 1.0"));
    }

    private static String manyChoices(int n) {
        List<String> choices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            choices.add("\"c" + i + "\"");
        }
        return "[" + String.join(",", choices) + "]";
    }
}
