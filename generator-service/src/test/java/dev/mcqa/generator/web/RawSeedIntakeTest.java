package dev.mcqa.generator.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.Seed;
import dev.mcqa.contract.Topics;
import dev.mcqa.testing.FakeOpenAiResource;
import dev.mcqa.testing.KafkaTestClient;
import dev.mcqa.testing.KafkaTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** The raw intake topic on a real broker: records written by a plain producer, as any non-Java producer would. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeOpenAiResource.class, scope = TestResourceScope.GLOBAL)
class RawSeedIntakeTest {
    private static final String RAW = Topics.SEEDS_IN;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static String seed(String question, String answer) {
        return "{\"task\":\"raw_intake\",\"question\":\"" + question + "\",\"choices\":[\"red\",\"green\",\"blue\"],\"answer\":" + answer + "}";
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long onSeeds(String marker) {
        return KafkaTestClient.readAll(Topics.SEEDS).stream().filter(r -> r.value().contains(marker)).count();
    }

    @Test
    void badRecordsAreDeadLetteredWithTheirReasonAndTheGoodSeedsPublished() {
        String marker = UUID.randomUUID().toString();
        byte[] notUtf8 = ("{\"task\":\"raw_intake\",\"question\":\"" + marker + "\u0000").getBytes(StandardCharsets.UTF_8);
        notUtf8[notUtf8.length - 1] = (byte) 0xC3;
        KafkaTestClient.sendBytes(RAW, null, notUtf8);
        List<String> bad = List.of("{\"task\": \"raw_intake\", \"question\": \"" + marker, "[]", "42",
                seed("Wrong type " + marker, "\"two\""), seed("Out of range " + marker, "5"),
                seed("Duplicate choices " + marker, "0").replace("\"green\"", "\"red\""));
        bad.forEach(value -> KafkaTestClient.send(RAW, "raw_intake", value));
        KafkaTestClient.send(RAW, "raw_intake", "[" + seed("First of a list " + marker, "0") + "," + seed("Bad in a list " + marker, "9")
                + "," + seed("Third of a list " + marker, "2") + "]");
        KafkaTestClient.send(RAW, "raw_intake", seed("After them all " + marker, "1"));

        KafkaTestClient.awaitRecords(Topics.SEEDS, all -> all.stream().filter(r -> r.value().contains(marker)).count() == 3, WAIT);
        List<Seed> published = KafkaTestClient.readAll(Topics.SEEDS).stream().filter(r -> r.value().contains(marker))
                .map(r -> Json.decode(r.value(), Seed.class)).toList();
        assertEquals(List.of("First of a list " + marker, "Third of a list " + marker, "After them all " + marker),
                published.stream().map(Seed::question).toList(), "the consumer went on past every bad record");
        assertTrue(published.get(0).source().startsWith("kafka:mcqa.seeds.in/"), published.get(0).source());

        // The whole-record failures are dead-lettered by the channel (dead-letter-topic mcqa.seeds.in), the bad
        // seeds of readable records one by one (mcqa-source): 4 records and 4 seeds, each with its reason.
        List<ConsumerRecord<String, String>> letters = KafkaTestClient.awaitRecords(Topics.deadLetter("generator-service"),
                all -> all.stream().filter(r -> fromRaw(r) && (r.value().contains(marker) || r.value().equals("[]") || r.value().equals("42"))).count() >= 8,
                WAIT).stream().filter(r -> fromRaw(r) && (r.value().contains(marker) || r.value().equals("[]") || r.value().equals("42"))).toList();
        assertEquals(8, letters.size(), letters.stream().map(r -> header(r, "dead-letter-reason")).toList().toString());
        List<String> reasons = letters.stream().map(r -> header(r, "dead-letter-reason")).toList();
        for (String expected : List.of("not UTF-8", "not valid JSON", "holds no seed", "not a number", "answer: must be an integer index",
                "answer", "choices", "[1].answer")) {
            assertTrue(reasons.stream().anyMatch(r -> r.contains(expected)), expected + " in " + reasons);
        }
        assertTrue(letters.stream().anyMatch(r -> r.value().contains("Bad in a list") && !r.value().contains("First of a list")),
                "a bad seed of a list is dead-lettered on its own");
    }

    private static boolean fromRaw(ConsumerRecord<String, String> record) {
        return header(record, "dead-letter-topic").equals(RAW) || header(record, "mcqa-source").startsWith("kafka:" + RAW);
    }

    @Test
    void aRawSeedThatDuplicatesARestSeedIsSkipped() {
        String marker = UUID.randomUUID().toString();
        String body = seed("Posted first " + marker, "1");
        given().contentType("application/json").body(body).post("/v1/seeds").then().statusCode(200).body("accepted", equalTo(1));
        KafkaTestClient.send(RAW, "raw_intake", body);
        KafkaTestClient.send(RAW, "raw_intake", seed("Written after " + marker, "0"));
        KafkaTestClient.awaitRecords(Topics.SEEDS, all -> all.stream().anyMatch(r -> r.value().contains("Written after " + marker)), WAIT);
        assertEquals(1, onSeeds("Posted first " + marker), "one id on mcqa.seeds");
    }
}
