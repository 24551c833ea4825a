package dev.mcqa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.MmluCsv;
import dev.mcqa.contract.MmluSplit;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.Seed;
import dev.mcqa.contract.Topics;
import dev.mcqa.testing.FakeOpenAiServer;
import dev.mcqa.testing.KafkaTestClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The main job in miniature: the four packaged services as their own processes on a real broker,
 * the fake OpenAI-compatible server as the teacher, the tiny BERT fixture as the backbone. Seeds go
 * in over REST; items are generated, scored, trained on and released; inference-service answers
 * with the release; and the answer's lineage leads back to the seeds and the teacher.
 */
class PipelineIT {
    private static final Path REPO = ServiceProcess.REPO;
    private static final Path LOGS = Path.of("target/e2e").toAbsolutePath();
    private static final List<String> TASKS = List.of("astronomy", "anatomy");
    private static final int ITEMS_PER_TASK = 4;
    private static LocalPipeline pipeline;

    @BeforeAll
    static void startTheSystem() throws Exception {
        pipeline = LocalPipeline.start(LOGS, Map.of());
        assertEquals(503, pipeline.service("inference-service").get("/q/health/ready").statusCode(), "no model yet");
    }

    @AfterAll
    static void stopTheSystem() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void seedsBecomeAServedModelWhoseAnswersLeadBackToThemAndTheTeacher() throws Exception {
        Set<String> postedSeeds = new HashSet<>();
        List<Map<String, Object>> seeds = new ArrayList<>();
        for (String task : TASKS) {
            for (Seed seed : MmluCsv.seeds(task + "_dev.csv", Files.readString(REPO.resolve("data/mmlu/dev/" + task + "_dev.csv")))) {
                seeds.add(Map.of("task", seed.task(), "question", seed.question(), "choices", seed.choices(), "answer", seed.answer()));
                postedSeeds.add(seed.id());
            }
        }
        assertEquals(200, pipeline.service("generator-service").post("/v1/seeds", Json.encode(seeds)).statusCode());
        await("the generator has read the seeds back from mcqa.seeds", () ->
                Json.parse(pipeline.service("generator-service").get("/v1/seeds/stats").body()).path("total").asInt() == postedSeeds.size(),
                Duration.ofMinutes(1));
        for (String task : TASKS) {
            HttpResponse<String> generation = pipeline.service("generator-service").post("/v1/generations",
                    Json.encode(Map.of("task", task, "count", ITEMS_PER_TASK, "method", "json")));
            assertEquals(202, generation.statusCode(), generation.body());
        }
        int expectedItems = TASKS.size() * ITEMS_PER_TASK;
        await("the trainer has every seed and scored item", () -> {
            JsonNode dataset = Json.parse(pipeline.service("trainer-service").get("/v1/trainings/dataset").body());
            return dataset.path("seeds").asInt() == postedSeeds.size() && dataset.path("scoredItems").asInt() == expectedItems;
        }, Duration.ofMinutes(3));

        HttpResponse<String> started = pipeline.service("trainer-service").post("/v1/trainings", "{}");
        assertEquals(202, started.statusCode(), started.body());
        String runId = Json.parse(started.body()).path("id").asText();
        JsonNode[] run = new JsonNode[1];
        await("the training run ends", () -> {
            run[0] = Json.parse(pipeline.service("trainer-service").get("/v1/trainings/" + runId).body());
            return List.of("RELEASED", "NOT_RELEASED", "FAILED", "CANCELLED").contains(run[0].path("state").asText());
        }, Duration.ofMinutes(5));
        assertEquals("RELEASED", run[0].path("state").asText(), run[0].toString());
        String version = run[0].path("version").asText();

        await("inference serves " + version, () -> {
            HttpResponse<String> model = pipeline.service("inference-service").get("/v1/model");
            return model.statusCode() == 200 && Json.parse(model.body()).path("version").asText().equals(version);
        }, Duration.ofMinutes(1));
        Seed heldOut = MmluSplit.read(REPO.resolve("data/mmlu/test-public")).get("astronomy").evaluation().get(0);
        HttpResponse<String> answered = pipeline.service("inference-service").post("/v1/answers",
                Json.encode(Map.of("question", heldOut.question(), "choices", heldOut.choices(), "task", "astronomy")));
        assertEquals(200, answered.statusCode(), answered.body());
        JsonNode answer = Json.parse(answered.body());
        assertEquals(version, answer.path("model").asText(), "the answer comes from the released model");
        assertEquals(4, answer.path("probabilities").size());

        // Lineage: the answer's model -> its release -> the scored items it read -> their generated items -> seeds and teacher.
        ModelRelease release = KafkaTestClient.readAll(Topics.MODELS).stream().map(r -> Json.decode(r.value(), ModelRelease.class))
                .filter(r -> r.version().equals(version)).findFirst().orElseThrow();
        assertEquals(postedSeeds.size(), release.lineage().seeds());
        assertEquals(expectedItems, release.lineage().scoredItems());
        assertTrue(release.lineage().teachers().contains(FakeOpenAiServer.MODEL), release.lineage().teachers().toString());
        long scoredEnd = release.lineage().offsets().get(Topics.SCORED + ":0");
        List<ScoredItem> trainedOn = KafkaTestClient.readAll(Topics.SCORED).stream().filter(r -> r.offset() < scoredEnd)
                .map(r -> Json.decode(r.value(), ScoredItem.class)).toList();
        assertEquals(expectedItems, trainedOn.stream().map(s -> s.item().id()).distinct().count());
        Set<String> seedsOnTopic = new HashSet<>();
        for (ConsumerRecord<String, String> record : KafkaTestClient.readAll(Topics.SEEDS)) {
            seedsOnTopic.add(Json.decode(record.value(), Seed.class).id());
        }
        assertEquals(postedSeeds, seedsOnTopic);
        for (ScoredItem scored : trainedOn) {
            GeneratedItem item = scored.item();
            assertEquals(FakeOpenAiServer.MODEL, scored.scorer(), "scored by the teacher");
            assertEquals(FakeOpenAiServer.MODEL, item.teacher(), "written by the teacher");
            assertFalse(item.seedIds().isEmpty());
            assertTrue(postedSeeds.containsAll(item.seedIds()), "item " + item.id() + " comes from posted seeds: " + item.seedIds());
            assertTrue(TASKS.contains(item.task()));
        }
        Path artifact = Path.of(URI.create(release.artifactUri()));
        JsonNode card = Json.parse(Files.readString(artifact.resolve("model-card.json")));
        assertEquals(release.sha256(), card.path("sha256").asText());
        assertTrue(pipeline.teacher().requests() >= expectedItems * 2L, "the teacher wrote and scored every item: " + pipeline.teacher().requests() + " calls");
    }

    private static void await(String what, ServiceProcess.Check check, Duration timeout) throws Exception {
        pipeline.await(what, check, timeout);
    }
}
