package dev.mcqa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.MmluCsv;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.contract.Seed;
import dev.mcqa.contract.Topics;
import dev.mcqa.testing.KafkaTestClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The continuous loop with nobody pressing a button: the seeds of a task are written to the raw
 * intake topic by a plain Kafka producer, and with the automatic settings on (items per task, quiet
 * period, trigger-after) they become generated and scored items, a training run that starts by
 * itself, a release and the model inference serves. The test makes GET requests only.
 */
class LoopIT {
    private static final Path LOGS = Path.of("target/e2e-loop").toAbsolutePath();
    private static final String TASK = "virology";
    private static final int ITEMS = 6;
    private static final Duration LOOP_LIMIT = Duration.ofMinutes(5);
    private static LocalPipeline pipeline;

    @BeforeAll
    static void startTheSystem() throws Exception {
        pipeline = LocalPipeline.start(LOGS, Map.of(
                "generator-service", List.of("-Dmcqa.generation.items-per-task=" + ITEMS, "-Dmcqa.generation.quiet-period=1s"),
                "trainer-service", List.of("-Dmcqa.training.trigger-after=" + ITEMS)));
    }

    @AfterAll
    static void stopTheSystem() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void seedsWrittenToTheRawTopicBecomeAServedModelByThemselves() throws Exception {
        List<Seed> seeds = MmluCsv.seeds(TASK + "_dev.csv", Files.readString(ServiceProcess.REPO.resolve("data/mmlu/dev/" + TASK + "_dev.csv")));
        List<Map<String, Object>> raw = new ArrayList<>();
        for (Seed seed : seeds) {
            raw.add(Map.of("task", seed.task(), "question", seed.question(), "choices", seed.choices(), "answer", seed.answer()));
        }
        long start = System.nanoTime();
        // As a producer outside the project would write them: the REST body's JSON, a list and single seeds, no ids.
        KafkaTestClient.send("mcqa.seeds.in", TASK, Json.encode(raw.subList(0, 3)));
        for (Map<String, Object> seed : raw.subList(3, raw.size())) {
            KafkaTestClient.send("mcqa.seeds.in", TASK, Json.encode(seed));
        }

        String[] served = new String[1];
        pipeline.await("inference serves a release", () -> {
            HttpResponse<String> model = pipeline.service("inference-service").get("/v1/model");
            served[0] = model.statusCode() == 200 ? Json.parse(model.body()).path("version").asText() : null;
            return served[0] != null;
        }, LOOP_LIMIT);
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        System.out.printf("loop: %d seeds written to mcqa.seeds.in -> release %s served after %d s%n", seeds.size(), served[0], seconds);

        ModelRelease release = KafkaTestClient.readAll(Topics.MODELS).stream().map(r -> Json.decode(r.value(), ModelRelease.class))
                .filter(r -> r.version().equals(served[0])).findFirst().orElseThrow();
        JsonNode card = Json.parse(Files.readString(Path.of(URI.create(release.artifactUri())).resolve("model-card.json")));
        assertTrue(card.path("dataset").path("examplesByTask").path(TASK).asInt() > 0, "the model card lists " + TASK + ": " + card.path("dataset"));
        assertEquals(ITEMS, release.lineage().scoredItems(), "trained on the items generated for the seeds");
        assertEquals(seeds.size(), release.lineage().seeds());
        Set<String> ids = seeds.stream().map(Seed::id).collect(Collectors.toSet());
        List<ConsumerRecord<String, String>> onTopic = KafkaTestClient.readAll(Topics.SEEDS).stream()
                .filter(r -> ids.contains(Json.decode(r.value(), Seed.class).id())).toList();
        assertEquals(seeds.size(), onTopic.size(), "each seed once on mcqa.seeds");
        for (ConsumerRecord<String, String> seed : onTopic) {
            long trainedUpTo = release.lineage().offsets().getOrDefault(Topics.SEEDS + ":" + seed.partition(), 0L);
            assertTrue(seed.offset() < trainedUpTo, "the release's lineage includes the seed at " + seed.partition() + "@" + seed.offset());
        }
        JsonNode runs = Json.parse(pipeline.service("trainer-service").get("/v1/trainings").body());
        assertTrue(runs.toString().contains(served[0]), "the trainer's runs show the release: " + runs);
    }
}
