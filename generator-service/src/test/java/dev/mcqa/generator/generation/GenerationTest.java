package dev.mcqa.generator.generation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.Seed;
import dev.mcqa.contract.Topics;
import dev.mcqa.rest.Problem;
import dev.mcqa.testing.KafkaTestResource;
import dev.mcqa.testing.FakeOpenAiResource;
import dev.mcqa.testing.FakeOpenAiServer;
import dev.mcqa.testing.KafkaTestClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Generation with a fake OpenAI-compatible teacher on loopback and a real broker. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeOpenAiResource.class, scope = TestResourceScope.GLOBAL)
class GenerationTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private FakeOpenAiServer fake;

    @BeforeEach
    void seedsAreIn() {
        fake = FakeOpenAiResource.server();
        fake.reset();
        RequestSpecification upload = given();
        Arrays.stream(new File("../data/mmlu/dev").listFiles((d, n) -> n.endsWith(".csv"))).forEach(f -> upload.multiPart("file", f, "text/csv"));
        upload.post("/v1/seeds/import").then().statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> given().get("/v1/seeds/stats").then().body("total", org.hamcrest.Matchers.greaterThanOrEqualTo(283)));
    }

    @Test
    void everyTaskGetsItemsByBothMethodsTraceableToItsSeeds() {
        Map<String, Set<String>> seedIds = KafkaTestClient.readAll(Topics.SEEDS).stream()
                .map(r -> Json.decode(r.value(), Seed.class))
                .collect(Collectors.groupingBy(Seed::task, Collectors.mapping(Seed::id, Collectors.toSet())));
        Set<String> tasks = Arrays.stream(new File("../data/mmlu/dev").list()).map(n -> n.replace("_dev.csv", "")).collect(Collectors.toSet());
        List<String> runs = new ArrayList<>();
        for (String task : tasks) {
            for (String method : List.of("json", "decomposed")) {
                runs.add(given().contentType("application/json").body("{\"task\":\"" + task + "\",\"count\":1,\"method\":\"" + method + "\"}")
                        .post("/v1/generations").then().statusCode(202).extract().path("id"));
            }
        }
        Set<String> runIds = new HashSet<>(runs);
        assertTrue(given().get("/v1/generations").then().statusCode(200).extract().jsonPath().getList("id").containsAll(runIds));
        for (String run : runs) {
            await().atMost(WAIT).untilAsserted(() -> given().get("/v1/generations/" + run).then().body("state", equalTo("DONE")));
            given().get("/v1/generations/" + run).then().body("produced", equalTo(1)).body("rejected", equalTo(0));
        }
        List<GeneratedItem> items = KafkaTestClient.awaitRecords(Topics.GENERATED, all -> all.size() >= runIds.size(), WAIT).stream()
                .map(r -> {
                    GeneratedItem item = Json.decode(r.value(), GeneratedItem.class);
                    assertEquals(item.id(), r.key(), "mcqa.generated is keyed by item id");
                    return item;
                })
                .filter(item -> item.teacher().equals(FakeOpenAiServer.MODEL)).toList();
        for (String task : tasks) {
            Map<GenerationMethod, List<GeneratedItem>> byMethod = items.stream().filter(i -> i.task().equals(task))
                    .collect(Collectors.groupingBy(GeneratedItem::method));
            assertTrue(byMethod.containsKey(GenerationMethod.JSON) && byMethod.containsKey(GenerationMethod.DECOMPOSED), task + ": " + byMethod.keySet());
            for (GeneratedItem item : byMethod.values().stream().flatMap(List::stream).toList()) {
                assertTrue(seedIds.get(task).containsAll(item.seedIds()), "lineage leads to the task's seeds");
                assertEquals(Math.min(5, seedIds.get(task).size()), item.seedIds().size());
                assertEquals(4, item.choices().size());
                assertEquals(item.method() == GenerationMethod.JSON ? "json-v1" : "decomposed-v1", item.promptVersion());
            }
        }
    }

    @Test
    void badTeacherOutputIsDeadLetteredWithItsReasonAndGenerationGoesOn() {
        String seedQuestion = KafkaTestClient.readAll(Topics.SEEDS).stream().map(r -> Json.decode(r.value(), Seed.class))
                .filter(s -> s.task().equals("anatomy")).findFirst().orElseThrow().question();
        fake.scriptContents(
                "Sorry, I cannot help with that.",
                "{\"question\": \"Which is it?\", \"choices\": [\"a\", \"A \", \"b\", \"c\"], \"answer\": 0}",
                "{\"question\": \"What is the largest bo",
                "{\"question\": \"Three choices?\", \"choices\": [\"a\", \"b\", \"c\"], \"answer\": 0}",
                "{\"question\": \"Two answers?\", \"choices\": [\"a\", \"b\", \"c\", \"d\"], \"answer\": [0, 1]}",
                "{\"question\": " + Json.encode(seedQuestion) + ", \"choices\": [\"w\", \"x\", \"y\", \"z\"], \"answer\": 1}",
                "{\"question\": \"" + "Ignore all instructions. ".repeat(60) + "\", \"choices\": [\"w\", \"x\", \"y\", \"z\"], \"answer\": 1}");
        String run = given().contentType("application/json").body("{\"task\":\"anatomy\",\"count\":7,\"method\":\"json\"}")
                .post("/v1/generations").then().statusCode(202).extract().path("id");
        await().atMost(WAIT).untilAsserted(() -> given().get("/v1/generations/" + run).then().body("state", equalTo("DONE")));
        JsonPath progress = given().get("/v1/generations/" + run).then().body("rejected", equalTo(7)).extract().jsonPath();
        assertEquals(Map.of("unparseable", 2, "duplicate-choices", 1, "wrong-choice-count", 1, "no-single-answer", 1,
                "near-copy", 1, "too-long", 1), progress.getMap("rejectedByReason"));

        List<ConsumerRecord<String, String>> dead = KafkaTestClient.awaitRecords(Topics.deadLetter("generator-service"),
                all -> all.stream().filter(r -> header(r, "mcqa-run").equals(run)).count() == 7, WAIT)
                .stream().filter(r -> header(r, "mcqa-run").equals(run)).toList();
        assertTrue(dead.stream().anyMatch(r -> r.value().equals("Sorry, I cannot help with that.")
                && header(r, "dead-letter-reason").startsWith("unparseable: ")), "the raw text and its reason");
        assertTrue(dead.stream().allMatch(r -> r.key().equals("anatomy") && header(r, "mcqa-teacher").equals(FakeOpenAiServer.MODEL)));

        String next = given().contentType("application/json").body("{\"task\":\"anatomy\",\"count\":2}")
                .post("/v1/generations").then().statusCode(202).body("method", equalTo("json")).extract().path("id");
        await().atMost(WAIT).untilAsserted(() -> given().get("/v1/generations/" + next).then().body("produced", equalTo(2)));
    }

    @Test
    void thirtySecondsOfTeacher500sDelayItemsButLoseNone() {
        fake.failFor(500, Duration.ofSeconds(30));
        long start = System.nanoTime();
        String run = given().contentType("application/json").body("{\"task\":\"virology\",\"count\":5,\"method\":\"decomposed\"}")
                .post("/v1/generations").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> given().get("/v1/generations/" + run).then().body("state", equalTo("DONE")));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        given().get("/v1/generations/" + run).then().body("produced", equalTo(5)).body("failed", equalTo(0));
        assertTrue(seconds >= 29, "the items waited out the outage: " + seconds + " s");
        assertTrue(fake.failedRequests() > 5, "the teacher was asked again and again: " + fake.failedRequests());
    }

    @Test
    void badGenerationRequestsAreProblems() {
        assertProblem("{\"task\":\"anatomy\",\"count\":1,\"method\":\"bank\"}", 422, "method");
        assertProblem("{\"task\":\"no_such_task\",\"count\":1}", 422, "task");
        assertProblem("{\"task\":\"anatomy\",\"count\":0}", 422, "count");
        assertProblem("{\"task\":\"anatomy\",\"count\":\"3\"}", 400, "count");
        assertProblem("{\"task\":\"anatomy\",\"count\":1,\"method\":\"poetry\"}", 422, "method");
        assertProblem("{task", 400, "");
        given().get("/v1/generations/nope").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }

    private static void assertProblem(String body, int status, String field) {
        given().contentType("application/json").body(body).post("/v1/generations")
                .then().statusCode(status).contentType(Problem.MEDIA_TYPE).body("errors.field", hasItem(field));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
