package dev.mcqa.trainer.web;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.MmluCsv;
import dev.mcqa.contract.MmluSplit;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.ScoringMethod;
import dev.mcqa.contract.Seed;
import dev.mcqa.contract.Topics;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.OrtModel;
import dev.mcqa.rest.Problem;
import dev.mcqa.store.Artifact;
import dev.mcqa.store.ModelStore;
import dev.mcqa.testing.KafkaTestClient;
import dev.mcqa.testing.KafkaTestResource;
import dev.mcqa.trainer.core.BatchedPredictor;
import dev.mcqa.trainer.core.Evaluator;
import dev.mcqa.trainer.core.Metrics;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scored items and seeds in on a real broker; a trained, checked, evaluated release out. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class TrainingTest {
    static final Duration WAIT = Duration.ofMinutes(3);
    private static final Set<String> TASKS = Set.of("anatomy", "astronomy", "virology");

    static void publishDataset() throws Exception {
        List<String> seedIds = new ArrayList<>();
        for (String task : TASKS) {
            String file = task + "_dev.csv";
            for (Seed seed : MmluCsv.seeds(file, Files.readString(Path.of("../data/mmlu/dev", file)))) {
                KafkaTestClient.send(Topics.SEEDS, seed.task(), Json.encode(seed));
                seedIds.add(seed.id());
            }
        }
        Map<String, MmluSplit.Halves> split = MmluSplit.read(Path.of("../data/mmlu/test-public"));
        for (String task : TASKS) {
            for (Seed question : split.get(task).bank().subList(0, 10)) {
                GeneratedItem item = GeneratedItem.of(task, seedIds.subList(0, 2), question.question(), question.choices(),
                        question.answer(), GenerationMethod.BANK, "simulated", "bank-v1");
                List<Double> probabilities = new ArrayList<>(List.of(0.1, 0.1, 0.1, 0.1));
                probabilities.set(question.answer(), 0.7);
                ScoredItem scored = ScoredItem.of(item, probabilities, "simulated", ScoringMethod.SIMULATED, 1, List.of());
                KafkaTestClient.send(Topics.SCORED, item.id(), Json.encode(scored));
            }
        }
        await().atMost(WAIT).untilAsserted(() -> given().get("/v1/trainings").then()
                .body("seeds", greaterThanOrEqualTo(15)).body("scoredItems", greaterThanOrEqualTo(30)));
    }

    /** The operator token configured for tests (%test.mcqa.training.api-token). */
    static final String OPERATOR = "Bearer test-operator-token";

    static JsonNode runToEnd(String body) {
        String id = given().header("Authorization", OPERATOR).contentType("application/json").body(body).post("/v1/trainings")
                .then().statusCode(202).extract().path("id");
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String state = given().get("/v1/trainings/" + id).then().extract().path("state");
            return !state.equals("QUEUED") && !state.equals("TRAINING") && !state.equals("EVALUATING");
        });
        return Json.parse(given().get("/v1/trainings/" + id).then().extract().asString());
    }

    @Test
    void aReleaseWhoseArtifactPassesTheChecksAndWhoseCardEqualsAReEvaluation() throws Exception {
        publishDataset();
        JsonNode run = runToEnd("{\"force\": true}");
        assertEquals("RELEASED", run.get("state").asText(), run.toString());
        String version = run.get("version").asText();

        ModelRelease release = KafkaTestClient.awaitRecords(Topics.MODELS, all -> all.stream().anyMatch(r -> r.value().contains(version)), WAIT)
                .stream().filter(r -> r.value().contains(version)).map(r -> Json.decode(r.value(), ModelRelease.class)).findFirst().orElseThrow();
        Path artifact = Path.of(URI.create(release.artifactUri()));
        byte[] onnx = Files.readAllBytes(artifact.resolve(ModelStore.MODEL));
        assertEquals(release.sha256(), Artifact.sha256(onnx));
        assertTrue(release.lineage().seeds() >= 15 && release.lineage().scoredItems() >= 30, release.lineage().toString());
        assertTrue(release.lineage().offsets().containsKey("mcqa.scored:0"));

        JsonNode card = new ObjectMapper().readTree(artifact.resolve(ModelStore.CARD).toFile());
        assertEquals(release.sha256(), card.get("sha256").asText());
        List<Seed> heldOut = new ArrayList<>();
        MmluSplit.read(Path.of("../data/mmlu/test-public")).forEach((task, halves) -> {
            if (TASKS.contains(task)) {
                heldOut.addAll(halves.test().subList(0, 5)); // a release reports on the test part
            }
        });
        try (OrtModel ort = OrtModel.open(onnx, new OrtSession.SessionOptions());
             McqaEncoder encoder = McqaEncoder.open(artifact.resolve(ModelStore.TOKENIZER), card.get("maxLength").asInt(),
                     card.get("tokenTypes").asBoolean(), 0)) {
            Metrics again = Evaluator.evaluate(BatchedPredictor.onnx(ort, encoder), heldOut, List.of());
            assertEquals(again.accuracy(), release.metrics().get("accuracy"), 1e-12);
            assertEquals(again.ece(), release.metrics().get("ece"), 1e-9);
            assertEquals(15.0, release.metrics().get("items"));
            assertEquals(again.accuracy(), card.get("metrics").get("accuracy").asDouble(), 1e-12);
        }
    }

    @Test
    void badRequestsAreProblems() {
        given().header("Authorization", OPERATOR).contentType("application/json").body("{\"epochs\": 0}").post("/v1/trainings")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors[0].field", equalTo("epochs"));
        given().header("Authorization", OPERATOR).contentType("application/json").body("{\"force\": \"yes\"}").post("/v1/trainings")
                .then().statusCode(400).body("errors[0].field", equalTo("force"));
        given().get("/v1/trainings/none").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
        given().header("Authorization", OPERATOR).delete("/v1/trainings/none").then().statusCode(404);
    }

    @Test
    void stateChangingRequestsNeedTheOperatorToken() {
        given().contentType("application/json").body("{\"force\": true}").post("/v1/trainings")
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer guessed").contentType("application/json").body("{\"force\": true}").post("/v1/trainings")
                .then().statusCode(401);
        given().delete("/v1/trainings/any").then().statusCode(401);
        given().get("/v1/trainings").then().statusCode(200); // reading stays open
    }

    @Test
    void readyOnceTheTopicsAreReRead() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'rebuild' }.data.progress",
                        equalTo("mcqa.models: caught up; mcqa.scored: caught up; mcqa.seeds: caught up")));
    }
}
