package dev.mcqa.scorer.kafka;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.Topics;
import dev.mcqa.testing.KafkaTestResource;
import dev.mcqa.testing.FakeOpenAiResource;
import dev.mcqa.testing.FakeOpenAiServer;
import dev.mcqa.testing.KafkaTestClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A teacher down for 3 minutes, three times SmallRye's default limit on how long a record may wait
 * for its acknowledgement (60 s, after which the throttled commit strategy fails the channel for
 * good): every item is scored once it is back, with no restart, nothing dead-lettered, and an item
 * published after the outage is scored too (the channel is still consuming).
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeOpenAiResource.class, scope = TestResourceScope.GLOBAL)
class TeacherOutageTest {

    @Test
    void aThreeMinuteTeacherOutageOnlyDelaysItems() {
        FakeOpenAiServer fake = FakeOpenAiResource.server();
        fake.reset();
        fake.failFor(503, Duration.ofMinutes(3));
        List<GeneratedItem> during = ScoringConsumerTest.publish(UUID.randomUUID().toString(), 3);
        assertEquals(3, ScoringConsumerTest.awaitScored(during, Duration.ofMinutes(5)).size());
        assertTrue(fake.failedRequests() > 0, "the teacher was down while they waited");

        List<GeneratedItem> after = ScoringConsumerTest.publish(UUID.randomUUID().toString(), 2);
        assertEquals(2, ScoringConsumerTest.awaitScored(after, Duration.ofSeconds(60)).size(), "the channel still consumes");

        Set<String> ids = during.stream().map(GeneratedItem::id).collect(Collectors.toSet());
        assertTrue(KafkaTestClient.readAll(Topics.deadLetter("scorer-service")).stream().noneMatch(r -> ids.contains(r.key())),
                "nothing dead-lettered");
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
