package dev.mcqa.generator.web;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.Seed;
import dev.mcqa.contract.Topics;
import dev.mcqa.rest.Problem;
import dev.mcqa.testing.KafkaTestResource;
import dev.mcqa.testing.FakeOpenAiResource;
import dev.mcqa.testing.KafkaTestClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeOpenAiResource.class, scope = TestResourceScope.GLOBAL)
class SeedApiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void postedSeedsComeBackFromTheTopicInTheContractSchema() {
        String marker = UUID.randomUUID().toString();
        String body = "[" + seedJson("physics_demo", "What is " + marker + "?", "[\"1 m\",\"2 m\",\"3 m\",\"4 m\"]", "2")
                + "," + seedJson("physics_demo", "Why is " + marker + "?", "[\"yes\",\"no\"]", "0").replace("}", ",\"source\":\"lab notebook\"}") + "]";
        List<String> ids = given().contentType("application/json").body(body)
                .when().post("/v1/seeds")
                .then().statusCode(200).body("accepted", equalTo(2)).body("items.outcome", equalTo(List.of("ACCEPTED", "ACCEPTED")))
                .extract().jsonPath().getList("items.id", String.class);

        List<ConsumerRecord<String, String>> records = KafkaTestClient.awaitRecords(Topics.SEEDS,
                all -> all.stream().filter(r -> r.value().contains(marker)).count() == 2, WAIT);
        List<Seed> seeds = records.stream().filter(r -> r.value().contains(marker)).map(r -> {
            assertEquals("physics_demo", r.key(), "mcqa.seeds is keyed by task");
            return Json.decode(r.value(), Seed.class);
        }).toList();
        assertEquals(ids, seeds.stream().map(Seed::id).toList());
        assertEquals(List.of("1 m", "2 m", "3 m", "4 m"), seeds.get(0).choices());
        assertEquals(2, seeds.get(0).answer());
        assertEquals(List.of("rest", "lab notebook"), seeds.stream().map(Seed::source).toList());
        assertEquals(1, seeds.get(0).schemaVersion());
    }

    @Test
    void badInputGetsItsProblemAndPublishesNothing() {
        String marker = UUID.randomUUID().toString();
        String question = "\"Bad " + marker + "?\"";
        String good = "{\"task\":\"law\",\"question\":" + question + ",\"choices\":[\"a\",\"b\",\"c\"],\"answer\":1}";
        assertProblem(good.replace("[\"a\",\"b\",\"c\"],\"answer\":1", "[\"a\"],\"answer\":0"), 422, "choices");
        assertProblem(good.replace("\"answer\":1", "\"answer\":3"), 422, "answer");
        assertProblem(good.replace(question, "\"   \""), 422, "question");
        assertProblem(good.replace("\"b\"", "\"A\""), 422, "choices[1]");
        assertProblem(good.replace("\"law\"", "\"Law & Order\""), 422, "task");
        assertProblem("{\"task\": \"law\", question: " + question + "}", 400, "");
        assertProblem(good.replace("\"answer\":1", "\"answer\":\"B\""), 400, "answer");
        assertProblem(good.replace("[\"a\",\"b\",\"c\"]", "{\"a\":1}"), 400, "choices");
        assertProblem("[" + good.replace("\"answer\":1", "\"answer\":0") + "," + good.replace("\"c\"", "null") + "]", 400, "[1].choices[2]");
        String oversized = good.replace(question, "\"" + "x".repeat(1024 * 1024) + marker + "\"");
        assertProblem(oversized, 413, "");
        given().contentType("text/plain").body(good).when().post("/v1/seeds")
                .then().statusCode(415).contentType(Problem.MEDIA_TYPE).body("status", equalTo(415));

        assertTrue(KafkaTestClient.readAll(Topics.SEEDS).stream().noneMatch(r -> r.value().contains(marker)),
                "a refused request published nothing");
    }

    @Test
    void aDuplicateSeedIsNotProcessedTwice() {
        String marker = UUID.randomUUID().toString();
        String task = "dup-" + marker.substring(0, 8);
        String seed = seedJson(task, "Which " + marker + "?", "[\"a\",\"b\"]", "1");
        String id = given().contentType("application/json").body(seed).post("/v1/seeds")
                .then().statusCode(200).body("items[0].outcome", equalTo("ACCEPTED")).extract().path("items[0].id");
        // Sent again, with other white space: recognised, not published again.
        given().contentType("application/json").body(seed.replace("Which ", "Which   ")).post("/v1/seeds")
                .then().statusCode(200).body("duplicate", equalTo(1)).body("items[0].id", equalTo(id));
        await().atMost(WAIT).untilAsserted(() -> given().get("/v1/seeds/stats").then().body("tasks." + quoted(task), equalTo(1)));

        // The same seed arriving on the topic a second time (a producer retry, another instance) is skipped by id.
        long skippedBefore = given().get("/v1/seeds/stats").then().extract().jsonPath().getLong("duplicatesSkipped");
        ConsumerRecord<String, String> published = KafkaTestClient.readAll(Topics.SEEDS).stream()
                .filter(r -> r.value().contains(marker)).findFirst().orElseThrow();
        KafkaTestClient.send(Topics.SEEDS, task, published.value());
        await().atMost(WAIT).untilAsserted(() -> given().get("/v1/seeds/stats").then()
                .body("duplicatesSkipped", equalTo((int) skippedBefore + 1)));
        given().get("/v1/seeds/stats").then().body("tasks." + quoted(task), equalTo(1));
        assertEquals(2, KafkaTestClient.readAll(Topics.SEEDS).stream().filter(r -> r.value().contains(marker)).count(),
                "one record from the service, one sent by the test");
    }

    /**
     * The 285 rows of the MMLU dev split hold 283 distinct valid seeds: college_physics rows 1 and 4
     * are the same item, and high_school_biology row 3 offers the same choice twice (choices 0 and 2).
     * Other tests of this application may have imported them before, so the rows come back accepted
     * or as duplicates of an earlier import; either way each seed is on the topic exactly once.
     */
    @Test
    void importingTheBundledMmluDevFilesAccountsForEachOfThe285Rows() {
        File[] files = new File("../data/mmlu/dev").listFiles((dir, name) -> name.endsWith("_dev.csv"));
        assertEquals(57, files.length);
        Set<String> mmluTasks = Arrays.stream(files).map(f -> f.getName().replace("_dev.csv", "")).collect(Collectors.toSet());
        RequestSpecification upload = given();
        Arrays.stream(files).sorted().forEach(file -> upload.multiPart("file", file, "text/csv"));
        JsonPath report = upload.when().post("/v1/seeds/import")
                .then().statusCode(200).body("items.size()", equalTo(285)).body("rejected", equalTo(1)).body("failed", equalTo(0))
                .extract().jsonPath();
        assertEquals(284, report.getInt("accepted") + report.getInt("duplicate"));
        assertEquals(List.of("import:high_school_biology_dev.csv#3"), report.getList("items.findAll { it.outcome == 'REJECTED' }.source"));
        assertTrue(report.getString("items.find { it.outcome == 'REJECTED' }.reason").startsWith("choices[2]: duplicates"));
        assertEquals("DUPLICATE", report.getString("items.find { it.source == 'import:college_physics_dev.csv#4' }.outcome"));
        assertEquals(report.getString("items.find { it.source == 'import:college_physics_dev.csv#1' }.id"),
                report.getString("items.find { it.source == 'import:college_physics_dev.csv#4' }.id"));

        Map<String, List<Seed>> byId = KafkaTestClient.awaitRecords(Topics.SEEDS,
                        all -> all.stream().filter(r -> r.value().contains("\"source\":\"import:")).count() >= 283, WAIT)
                .stream().map(r -> Json.decode(r.value(), Seed.class))
                .filter(s -> mmluTasks.contains(s.task()) && s.source().startsWith("import:"))
                .collect(Collectors.groupingBy(Seed::id));
        assertEquals(283, byId.size());
        assertTrue(byId.values().stream().allMatch(copies -> copies.size() == 1), "each seed published once");
        Map<String, Long> perTask = byId.values().stream().map(copies -> copies.get(0))
                .collect(Collectors.groupingBy(Seed::task, Collectors.counting()));
        assertEquals(57, perTask.size());
        Map<String, Long> notFive = perTask.entrySet().stream().filter(e -> e.getValue() != 5)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertEquals(Map.of("college_physics", 4L, "high_school_biology", 4L), notFive);
        await().atMost(WAIT).untilAsserted(() -> given().get("/v1/seeds/stats").then()
                .body("tasks.abstract_algebra", equalTo(5)).body("tasks.college_physics", equalTo(4)));

        RequestSpecification again = given();
        Arrays.stream(files).forEach(file -> again.multiPart("file", file, "text/csv"));
        again.post("/v1/seeds/import").then().statusCode(200).body("duplicate", equalTo(284)).body("accepted", equalTo(0));
    }

    @Test
    void importReportsBadRowsAndRefusesUnknownFiles() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String csv = "question,choice0,choice1,choice2,choice3,answer\nGood " + marker + "?,a,b,c,d,3\nBad " + marker + "?,a,b,c,d,4\n";
        given().multiPart("file", "import_" + marker + "_dev.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/v1/seeds/import").then().statusCode(200)
                .body("accepted", equalTo(1)).body("rejected", equalTo(1))
                .body("items[1].reason", startsWith("answer:")).body("items[0].task", equalTo("import_" + marker));
        given().multiPart("file", "seeds.xlsx", new byte[] {1, 2}, "application/octet-stream")
                .post("/v1/seeds/import").then().statusCode(422).contentType(Problem.MEDIA_TYPE).body("errors.field", hasItem("file"));
        given().multiPart("file", "latin1_dev.csv", new byte[] {'Q', (byte) 0xe9, '?', ',', 'a', ',', 'b', ',', '0', '\n'}, "text/csv")
                .post("/v1/seeds/import").then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("errors.field", hasItem("file"));
    }

    @Test
    void aBadRecordOnTheTopicIsDeadLetteredAndReadingGoesOn() {
        String marker = UUID.randomUUID().toString();
        KafkaTestClient.send(Topics.SEEDS, "x", "{\"garbage\":\"" + marker + "\"}");
        String task = "after-" + marker.substring(0, 8);
        KafkaTestClient.send(Topics.SEEDS, task,
                Json.encode(Seed.of(task, "After " + marker + "?", List.of("a", "b"), 0, "test")));

        ConsumerRecord<String, String> dead = KafkaTestClient.awaitRecords(Topics.deadLetter("generator-service"),
                all -> all.stream().anyMatch(r -> r.value().contains(marker)), WAIT)
                .stream().filter(r -> r.value().contains(marker)).findFirst().orElseThrow();
        Header reason = dead.headers().lastHeader("dead-letter-reason");
        assertTrue(new String(reason.value(), StandardCharsets.UTF_8).contains("schemaVersion"),
                new String(reason.value(), StandardCharsets.UTF_8));
        await().atMost(WAIT).untilAsserted(() -> given().get("/v1/seeds/stats").then().body("tasks." + quoted(task), equalTo(1)));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'rebuild' }.data.progress",
                        equalTo("mcqa.seeds: caught up; mcqa.generated: caught up"));
        given().get("/q/health/live").then().statusCode(200);
        given().contentType("application/json").body(seedJson("metrics", "M " + UUID.randomUUID() + "?", "[\"a\",\"b\"]", "0"))
                .post("/v1/seeds").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("mcqa_seeds_intake_total{outcome=\"accepted\",task=\"metrics\"}"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/seeds/import"));
        given().get("/v1/nothing").then().statusCode(404).contentType(Problem.MEDIA_TYPE);
    }

    private static void assertProblem(String body, int status, String field) {
        given().contentType("application/json").body(body)
                .when().post("/v1/seeds")
                .then().statusCode(status).contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(status)).body("errors.field", hasItem(field));
    }

    private static String seedJson(String task, String question, String choices, String answer) {
        return "{\"task\":\"" + task + "\",\"question\":\"" + question + "\",\"choices\":" + choices + ",\"answer\":" + answer + "}";
    }

    private static String quoted(String key) {
        return "'" + key + "'";
    }
}
