package dev.mcqa.inference.web;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.store.ModelStore;
import dev.mcqa.store.ModelStores;
import dev.mcqa.testing.KafkaTestClient;
import dev.mcqa.testing.KafkaTestResource;
import dev.mcqa.testing.S3TestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inference with its model store in S3 (s3proxy) and its own empty download cache, as a pod on
 * another node than the trainer: releases written to the bucket are downloaded, verified and served;
 * a corrupted object is refused while the current model keeps serving; swaps under concurrent
 * requests fail none; versions no longer served leave the cache.
 */
@QuarkusTest
@TestProfile(S3ReleasesTest.StoreInS3.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class S3ReleasesTest {
    private static final String PREFIX = "inference-test";
    /** A topic of its own: the releases other tests publish name local directories. */
    private static final String TOPIC = "mcqa.models.s3-test";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String QUESTION = "{\"question\":\"Which planet is the largest?\",\"choices\":[\"Mars\",\"Jupiter\",\"Venus\",\"Earth\"]}";
    private static final Pattern REFUSED = Pattern.compile("mcqa_inference_releases_total\\{outcome=\"refused\"} ([0-9.]+)");

    public static class StoreInS3 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.models-in.topic", TOPIC);
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3TestResource.class, Map.of("prefix", PREFIX)));
        }
    }

    private static void publish(ModelRelease release) {
        KafkaTestClient.send(TOPIC, release.taskScope(), Json.encode(release));
    }

    private static void awaitServing(ModelRelease release) {
        await().atMost(WAIT).untilAsserted(() -> given().get("/v1/model").then().statusCode(200)
                .body("version", equalTo(release.version())).body("artifactUri", equalTo(release.artifactUri())));
    }

    private static double refusals() {
        Matcher m = REFUSED.matcher(given().get("/q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static List<String> cached() throws Exception {
        try (Stream<Path> entries = Files.list(S3TestResource.cacheDir())) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void releasesInTheBucketAreDownloadedVerifiedAndSwappedUnderLoad(@TempDir Path trainerCache) throws Exception {
        ModelStore trainer = ModelStores.open(S3TestResource.server().settings(S3TestResource.storeUri(PREFIX), trainerCache));
        assertEquals(List.of(), cached(), "the cache starts empty");
        ModelRelease first = Artifacts.release(trainer, "s3-v1-" + System.nanoTime(), 1f, false);
        assertTrue(first.artifactUri().startsWith("s3://" + S3TestResource.BUCKET + "/" + PREFIX + "/"), first.artifactUri());
        publish(first);
        awaitServing(first);
        given().get("/q/health/ready").then().statusCode(200);
        assertEquals(List.of(first.version()), cached());

        ModelRelease second = Artifacts.release(trainer, "s3-v2-" + System.nanoTime(), 3f, false);
        ModelRelease third = Artifacts.release(trainer, "s3-v3-" + System.nanoTime(), -2f, false);
        ModelRelease corrupted = Artifacts.release(trainer, "s3-v4-" + System.nanoTime(), 1f, false);
        S3TestResource.server().overwrite(S3TestResource.BUCKET, PREFIX + "/" + corrupted.version() + "/" + ModelStore.MODEL,
                "not the released model".getBytes(StandardCharsets.UTF_8));
        AnswerLoad load = new AnswerLoad(4, QUESTION);
        try (load) {
            Thread.sleep(500);
            publish(second);
            awaitServing(second);
            publish(third);
            awaitServing(third);
            publish(corrupted);
            await().atMost(WAIT).until(() -> refusals() >= 1);
            Thread.sleep(500);
        }
        assertEquals(List.of(), load.failures(), "no request failed during the swaps and the refusal");
        assertTrue(load.versions().containsAll(List.of(second.version(), third.version())), load.versions().toString());
        assertTrue(!load.versions().contains(corrupted.version()), load.versions().toString());
        awaitServing(third);
        given().contentType("application/json").body(QUESTION).post("/v1/answers").then().statusCode(200).body("model", equalTo(third.version()));
        assertEquals(List.of(third.version()), cached(), "replaced and refused versions left the cache");
    }
}
