package dev.mcqa.scorer.kafka;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.ScoringMethod;
import dev.mcqa.contract.Topics;
import dev.mcqa.testing.KafkaTestResource;
import dev.mcqa.testing.FakeOpenAiResource;
import dev.mcqa.testing.FakeOpenAiServer;
import dev.mcqa.testing.KafkaTestClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** mcqa.generated to mcqa.scored with a fake OpenAI-compatible teacher and a real broker. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeOpenAiResource.class, scope = TestResourceScope.GLOBAL)
class ScoringConsumerTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private FakeOpenAiServer fake;

    @BeforeEach
    void reset() {
        fake = FakeOpenAiResource.server();
        fake.reset();
    }

    static List<GeneratedItem> publish(String marker, int count) {
        List<GeneratedItem> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> choices = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                choices.add((c == 2 ? "[correct] " : "") + "choice " + c + " " + marker + " " + i);
            }
            GeneratedItem item = GeneratedItem.of("law", List.of("seed-" + i), "Question " + marker + " " + i + "?", choices, 2,
                    GenerationMethod.JSON, FakeOpenAiServer.MODEL, "json-v1");
            KafkaTestClient.send(Topics.GENERATED, item.id(), Json.encode(item));
            items.add(item);
        }
        return items;
    }

    private static List<ScoredItem> awaitScored(List<GeneratedItem> items) {
        return awaitScored(items, WAIT);
    }

    static List<ScoredItem> awaitScored(List<GeneratedItem> items, Duration wait) {
        Set<String> ids = items.stream().map(GeneratedItem::id).collect(Collectors.toSet());
        return KafkaTestClient.awaitRecords(Topics.SCORED, all -> all.stream().filter(r -> ids.contains(r.key())).count() >= ids.size(), wait)
                .stream().filter(r -> ids.contains(r.key())).map(r -> Json.decode(r.value(), ScoredItem.class)).toList();
    }

    @Test
    void everyItemGetsProbabilitiesThatSumToOneAndThePositionBiasIsAveragedOut() {
        fake.favourLetterA(1.5);
        List<ScoredItem> scored = awaitScored(publish(UUID.randomUUID().toString(), 20));
        assertEquals(20, scored.size());
        for (ScoredItem item : scored) {
            double sum = item.probabilities().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(1.0, sum, 1e-6);
            assertTrue(item.probabilities().stream().allMatch(p -> p >= 0 && p <= 1));
            assertEquals(ScoringMethod.LOGPROBS, item.scoringMethod());
            assertEquals(4, item.permutations());
            assertEquals(FakeOpenAiServer.MODEL, item.scorer());
            int best = 0;
            for (int c = 1; c < 4; c++) {
                best = item.probabilities().get(c) > item.probabilities().get(best) ? c : best;
            }
            assertEquals(2, best, "the content wins over the teacher's bias to A: " + item.probabilities());
        }
    }

    @Test
    void withoutLogprobsTheScorerSamplesAndSaysSo() {
        fake.logprobs(false);
        List<ScoredItem> scored = awaitScored(publish(UUID.randomUUID().toString(), 3));
        assertTrue(scored.stream().allMatch(s -> s.scoringMethod() == ScoringMethod.SAMPLING), "sampling is recorded");
    }

    @Test
    void aBadRecordIsDeadLetteredAndScoringGoesOn() {
        String marker = UUID.randomUUID().toString();
        KafkaTestClient.send(Topics.GENERATED, "bad", "{\"question\":\"" + marker + "\"}");
        List<ScoredItem> after = awaitScored(publish(marker, 2));
        assertEquals(2, after.size());
        var dead = KafkaTestClient.awaitRecords(Topics.deadLetter("scorer-service"),
                all -> all.stream().anyMatch(r -> r.value().contains(marker)), WAIT).stream()
                .filter(r -> r.value().contains(marker)).findFirst().orElseThrow();
        String reason = new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
        assertTrue(reason.contains("schemaVersion"), reason);
    }

    @Test
    void aReasoningTeachersItemIsDeadLetteredAsNoLetterMassNotScored() {
        // vLLM serving a thinking model: the answer token is "<think>", the letters hold ~1e-7 (recorded shape).
        fake.replayRecorded(200, "vllm-reasoning-first-token.json");
        assertDeadLetteredAndScoringGoesOn("no-letter-mass");
    }

    @Test
    void aRefusedItemIsDeadLetteredAsRefusedNotRetried() {
        fake.replayRecorded(200, "openai-refusal.json");
        assertDeadLetteredAndScoringGoesOn("REFUSED");
    }

    /** Two items published while the fake replays a recorded answer are dead-lettered with the reason; after it, items are scored. */
    private void assertDeadLetteredAndScoringGoesOn(String reasonPart) {
        List<GeneratedItem> items = publish(UUID.randomUUID().toString(), 2);
        Set<String> ids = items.stream().map(GeneratedItem::id).collect(Collectors.toSet());
        var dead = KafkaTestClient.awaitRecords(Topics.deadLetter("scorer-service"),
                all -> all.stream().filter(r -> ids.contains(r.key())).count() >= 2, WAIT).stream()
                .filter(r -> ids.contains(r.key())).toList();
        for (var record : dead) {
            String reason = new String(record.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
            assertTrue(reason.contains(reasonPart), reason);
        }
        fake.reset();
        assertEquals(2, awaitScored(publish(UUID.randomUUID().toString(), 2)).size(), "scoring goes on");
        assertTrue(KafkaTestClient.readAll(Topics.SCORED).stream().noneMatch(r -> ids.contains(r.key())), "nothing scored");
    }

    @Test
    void theScorerJoinsItsGroupAsTheStaticMemberItsInstanceIdNames() {
        awaitScored(publish(UUID.randomUUID().toString(), 1)); // the consumer has joined
        assertEquals(List.of("scorer-test"), KafkaTestClient.staticMemberIds("scorer-service"),
                "mcqa.instance-id is the consumer's group.instance.id, so a restart takes its partitions back without a rebalance");
    }

    @Test
    void healthAndMetricsAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        awaitScored(publish(UUID.randomUUID().toString(), 1));
        given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString("mcqa_scored_items_total"));
    }
}
