package dev.mcqa.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.Json;
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
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The continuous loop with nobody pressing a button. Seeds of a task are written to the raw intake
 * topic by a plain Kafka producer, and with the automatic settings on (items per seed, quiet period,
 * trigger-after) they become generated and scored items, a training run that starts by itself, a
 * release and the model inference serves. A second wave of seeds of the same task brings a second
 * release, which the gate compares with the first and lets through; a third wave, with the trainer
 * restarted as a gate drill (automatic runs are shuffled-targets control runs), brings a worse
 * model that the gate keeps out. The test makes GET requests only.
 *
 * <p>The task is one a small model can learn: the right choice says "[correct]", in the seeds, in the
 * fake teacher's items and in the evaluation questions, so the released models are good and the
 * control is clearly worse, and the gate's two answers are certain rather than chance.
 */
class LoopIT {
    private static final Path LOGS = Path.of("target/e2e-loop").toAbsolutePath();
    private static final Path EVALUATION = LOGS.resolve("evaluation");
    private static final String TASK = "marked_answers";
    private static final int SEEDS_PER_WAVE = 10;
    private static final int ITEMS_PER_SEED = 3;
    private static final int ITEMS_PER_WAVE = SEEDS_PER_WAVE * ITEMS_PER_SEED;
    private static final Duration WAVE_LIMIT = Duration.ofMinutes(5);
    private static final Random RANDOM = new Random(17);
    private static LocalPipeline pipeline;

    @BeforeAll
    static void startTheSystem() throws Exception {
        Files.createDirectories(EVALUATION);
        StringBuilder csv = new StringBuilder("question,choice0,choice1,choice2,choice3,answer\n");
        for (int n = 0; n < 640; n++) { // about 160 validation and 160 test questions: the evaluation half, split in two
            Seed question = markedQuestion();
            csv.append(question.question()).append(',').append(String.join(",", question.choices())).append(',').append(question.answer()).append('\n');
        }
        Files.writeString(EVALUATION.resolve(TASK + "_test.csv"), csv);
        pipeline = LocalPipeline.start(LOGS, Map.of(
                "generator-service", List.of("-Dmcqa.generation.items-per-seed=" + ITEMS_PER_SEED, "-Dmcqa.generation.quiet-period=1s"),
                "trainer-service", List.of("-Dmcqa.training.trigger-after=" + ITEMS_PER_WAVE, "-Dmcqa.training.evaluation-dir=" + EVALUATION,
                        "-Dmcqa.training.evaluation-per-task=0", "-Dmcqa.training.epochs=6")));
    }

    @AfterAll
    static void stopTheSystem() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    /** Four made-up word pairs, the right one marked "[correct]" at a random place; every question has words of its own. */
    private static Seed markedQuestion() {
        List<String> choices = new ArrayList<>();
        int answer = RANDOM.nextInt(4);
        for (int c = 0; c < 4; c++) {
            choices.add(word() + " " + word() + (c == answer ? " [correct]" : ""));
        }
        return Seed.of(TASK, "Which one is it " + word() + " " + word() + "?", choices, answer, "loop-test");
    }

    private static String word() {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            word.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return word.toString();
    }

    @Test
    void seedsWrittenToTheRawTopicBecomeServedModelsByThemselvesAndTheGateJudgesEachWave() throws Exception {
        List<Seed> firstWave = writeWave();
        long start = System.nanoTime();
        String first = awaitServedOtherThan(null);
        System.out.printf("loop, first wave: %d seeds written to mcqa.seeds.in -> release %s served after %d s%n",
                SEEDS_PER_WAVE, first, secondsSince(start));
        ModelRelease release = release(first);
        JsonNode card = Json.parse(Files.readString(Path.of(URI.create(release.artifactUri())).resolve("model-card.json")));
        assertTrue(card.path("dataset").path("examplesByTask").path(TASK).asInt() > 0, "the model card lists " + TASK + ": " + card.path("dataset"));
        assertEquals(ITEMS_PER_WAVE, release.lineage().scoredItems(), "trained on the items generated for the seeds");
        assertLineageHolds(release, firstWave);
        assertTrue(release.metrics().get("accuracy") >= 0.8, "the marked task is learnt: " + release.metrics());

        List<Seed> secondWave = writeWave();
        start = System.nanoTime();
        JsonNode released = awaitEndedRun(2);
        String second = awaitServedOtherThan(first);
        System.out.printf("loop, second wave: %d more seeds -> release %s served after %d s; gate: %s%n",
                SEEDS_PER_WAVE, second, secondsSince(start), released.path("reason").asText());
        assertEquals("RELEASED", released.path("state").asText(), released.toString());
        assertEquals(second, released.path("version").asText());
        assertTrue(released.path("reason").asText().contains("release " + first), "the gate compared it with the first release: " + released);
        assertEquals(2 * ITEMS_PER_WAVE, release(second).lineage().scoredItems(), "the second wave's seeds brought as many new items");
        assertLineageHolds(release(second), secondWave);

        // The gate drill: automatic runs of the restarted trainer are control runs with shuffled targets.
        pipeline.restart("trainer-service", List.of("-Dmcqa.training.automatic-shuffle-targets=true"));
        writeWave();
        start = System.nanoTime();
        JsonNode control = awaitEndedRun(1);
        System.out.printf("loop, third wave (gate drill): control run %s after %d s, accuracy %.3f against %.3f; gate: %s%n",
                control.path("state").asText(), secondsSince(start), control.path("metrics").path("accuracy").asDouble(),
                release(second).metrics().get("accuracy"), control.path("reason").asText());
        assertTrue(control.path("shuffleTargets").asBoolean(), control.toString());
        assertTrue(control.path("metrics").path("accuracy").asDouble() < release(second).metrics().get("accuracy") - 0.2,
                "the control is clearly worse: " + control.path("metrics"));
        assertEquals("NOT_RELEASED", control.path("state").asText(), control.toString());
        assertTrue(control.path("reason").asText().startsWith("worse than the current release")
                && control.path("reason").asText().contains("release " + second), control.toString());
        assertEquals(second, servedVersion(), "inference still serves the second release");
    }

    /** A wave of new seeds as a producer outside the project writes them: the REST body's JSON, a list and single seeds, no ids. */
    private static List<Seed> writeWave() {
        List<Seed> seeds = new ArrayList<>();
        List<Map<String, Object>> raw = new ArrayList<>();
        for (int i = 0; i < SEEDS_PER_WAVE; i++) {
            Seed seed = markedQuestion();
            seeds.add(seed);
            raw.add(Map.of("task", seed.task(), "question", seed.question(), "choices", seed.choices(), "answer", seed.answer()));
        }
        KafkaTestClient.send(Topics.SEEDS_IN, TASK, Json.encode(raw.subList(0, 3)));
        for (Map<String, Object> seed : raw.subList(3, raw.size())) {
            KafkaTestClient.send(Topics.SEEDS_IN, TASK, Json.encode(seed));
        }
        return seeds;
    }

    private static long secondsSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toSeconds();
    }

    private static String servedVersion() throws Exception {
        HttpResponse<String> model = pipeline.service("inference-service").get("/v1/model");
        return model.statusCode() == 200 ? Json.parse(model.body()).path("version").asText() : null;
    }

    private static String awaitServedOtherThan(String previous) throws Exception {
        String[] served = new String[1];
        pipeline.await("inference serves a release other than " + previous, () -> {
            served[0] = servedVersion();
            return served[0] != null && !served[0].equals(previous);
        }, WAVE_LIMIT);
        return served[0];
    }

    /** Waits until the trainer (this instance of it) shows {@code runs} runs, the last one ended, and returns that one. */
    private static JsonNode awaitEndedRun(int runs) throws Exception {
        JsonNode[] last = new JsonNode[1];
        pipeline.await("training run " + runs + " ended", () -> {
            JsonNode all = Json.parse(pipeline.service("trainer-service").get("/v1/trainings").body()).path("runs");
            last[0] = all.size() >= runs ? all.get(runs - 1) : null;
            return last[0] != null && !last[0].path("finishedAt").isNull() && last[0].has("finishedAt");
        }, WAVE_LIMIT);
        return last[0];
    }

    private static ModelRelease release(String version) {
        return KafkaTestClient.readAll(Topics.MODELS).stream().map(r -> Json.decode(r.value(), ModelRelease.class))
                .filter(r -> r.version().equals(version)).findFirst().orElseThrow();
    }

    /** Each seed of the wave is once on mcqa.seeds, below the offsets the release was trained up to. */
    private static void assertLineageHolds(ModelRelease release, List<Seed> wave) {
        Set<String> ids = wave.stream().map(Seed::id).collect(Collectors.toSet());
        List<ConsumerRecord<String, String>> onTopic = KafkaTestClient.readAll(Topics.SEEDS).stream()
                .filter(r -> ids.contains(Json.decode(r.value(), Seed.class).id())).toList();
        assertEquals(wave.size(), onTopic.size(), "each seed once on mcqa.seeds");
        for (ConsumerRecord<String, String> seed : onTopic) {
            long trainedUpTo = release.lineage().offsets().getOrDefault(Topics.SEEDS + ":" + seed.partition(), 0L);
            assertTrue(seed.offset() < trainedUpTo, "the release's lineage includes the seed at " + seed.partition() + "@" + seed.offset());
        }
    }
}
