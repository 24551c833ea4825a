package dev.mcqa.trainer.web;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.Seed;
import dev.mcqa.contract.Topics;
import dev.mcqa.store.Artifact;
import dev.mcqa.store.ModelStore;
import dev.mcqa.testing.KafkaTestResource;
import dev.mcqa.testing.KafkaTestClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The gate, with a task a small model can learn (the right choice is the one that says "yes"): a
 * trained model is released, with its int8 form; then a control run with shuffled targets, clearly worse, is not.
 */
@QuarkusTest
@TestProfile(GateTest.LearnableTask.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class GateTest {
    private static final String TASK = "yes_marker";
    private static final Path EVALUATION = Path.of("target/learnable-evaluation");

    public static class LearnableTask implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mcqa.training.evaluation-dir", EVALUATION.toString(), "mcqa.training.evaluation-per-task", "0",
                    "mcqa.training.epochs", "4", "mcqa.store.uri", "target/gate-models");
        }
    }

    /**
     * Question n: four made-up words, one of them marked "yes", at a random place. Every question and
     * choice has words of its own, so that no item is a near-copy of another (the trainer would leave
     * a training item out that near-copies an evaluation item).
     */
    private static Seed item(int n, Random random) {
        List<String> choices = new ArrayList<>();
        int answer = random.nextInt(4);
        for (int c = 0; c < 4; c++) {
            String word = word(random) + " " + word(random);
            choices.add(c == answer ? "yes " + word : word);
        }
        return Seed.of(TASK, "Which one is it, " + word(random) + " " + word(random) + "?", choices, answer, "gate-test");
    }

    private static String word(Random random) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    @Test
    void aTrainedModelIsReleasedAndAWorseControlRunIsNot() throws Exception {
        Random random = new Random(3);
        Files.createDirectories(EVALUATION);
        StringBuilder csv = new StringBuilder("question,choice0,choice1,choice2,choice3,answer\n");
        for (int n = 1000; n < 1080; n++) {
            Seed s = item(n, random);
            csv.append('"').append(s.question()).append("\",").append(String.join(",", s.choices())).append(',').append(s.answer()).append('\n');
        }
        Files.writeString(EVALUATION.resolve(TASK + "_test.csv"), csv);
        for (int n = 0; n < 160; n++) {
            Seed seed = item(n, random);
            KafkaTestClient.send(Topics.SEEDS, seed.task(), Json.encode(seed));
        }
        await().atMost(TrainingTest.WAIT).untilAsserted(() -> given().get("/v1/trainings").then().body("seeds", greaterThanOrEqualTo(160)));

        JsonNode trained = TrainingTest.runToEnd("{\"force\": true}");
        assertEquals("RELEASED", trained.get("state").asText(), trained.toString());
        double accuracy = trained.get("metrics").get("accuracy").asDouble();
        assertTrue(accuracy >= 0.8, "the task is learnable: accuracy " + accuracy);
        // A model with clear margins: its int8 form answers as it does and goes with the release.
        Path artifact = Path.of("target/gate-models").resolve(trained.get("version").asText());
        JsonNode int8 = Json.parse(Files.readString(artifact.resolve(ModelStore.CARD))).get("int8");
        assertTrue(int8.get("kept").asBoolean(), int8.toString());
        assertEquals(int8.get("sha256").asText(), Artifact.sha256(Files.readAllBytes(artifact.resolve(ModelStore.MODEL_INT8))));
        await().atMost(TrainingTest.WAIT).untilAsserted(() -> given().get("/v1/trainings").then()
                .body("currentRelease.version", equalTo(trained.get("version").asText())));

        JsonNode control = TrainingTest.runToEnd("{\"shuffleTargets\": true}");
        double controlAccuracy = control.get("metrics").get("accuracy").asDouble();
        System.out.printf("gate: trained model %.3f released; shuffled-targets control %.3f: %s%n", accuracy, controlAccuracy, control.get("state").asText());
        assertEquals("NOT_RELEASED", control.get("state").asText(), control.toString());
        assertTrue(controlAccuracy < accuracy - 0.2, "the control run is clearly worse: " + controlAccuracy);
        assertTrue(control.get("reason").asText().contains(trained.get("version").asText()), control.toString());
    }
}
