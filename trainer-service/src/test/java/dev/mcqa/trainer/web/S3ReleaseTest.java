package dev.mcqa.trainer.web;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.contract.Topics;
import dev.mcqa.store.Artifact;
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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer with its model store in S3 (s3proxy): releases are written to the bucket, and the gate reads the current one from it. */
@QuarkusTest
@TestProfile(S3ReleaseTest.StoreInS3.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class S3ReleaseTest {
    private static final String PREFIX = "trainer-test";

    public static class StoreInS3 implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3TestResource.class, Map.of("prefix", PREFIX)));
        }
    }

    @Test
    void releasesGoToTheBucketAndTheGateReadsTheCurrentReleaseFromIt(@TempDir Path cache) throws Exception {
        TrainingTest.publishDataset();
        JsonNode first = TrainingTest.runToEnd("{\"force\": true}");
        assertEquals("RELEASED", first.get("state").asText(), first.toString());
        String version = first.get("version").asText();
        ModelRelease release = KafkaTestClient.awaitRecords(Topics.MODELS, all -> all.stream().anyMatch(r -> r.value().contains(version)), TrainingTest.WAIT)
                .stream().filter(r -> r.value().contains(version)).map(r -> Json.decode(r.value(), ModelRelease.class)).findFirst().orElseThrow();
        assertEquals(S3TestResource.storeUri(PREFIX) + "/" + version + "/", release.artifactUri());

        // Another reader with its own empty cache, as an inference pod on another node.
        Path fetched = ModelStores.open(S3TestResource.server().settings(S3TestResource.storeUri(PREFIX), cache))
                .fetch(URI.create(release.artifactUri()));
        assertEquals(release.sha256(), Artifact.sha256(Files.readAllBytes(fetched.resolve(ModelStore.MODEL))));
        assertEquals(release.sha256(), Json.parse(Files.readString(fetched.resolve(ModelStore.CARD))).get("sha256").asText());
        assertTrue(Files.size(fetched.resolve(ModelStore.TOKENIZER)) > 0);

        await().atMost(TrainingTest.WAIT).untilAsserted(() -> given().get("/v1/trainings").then()
                .body("currentRelease.version", equalTo(version)));
        JsonNode second = TrainingTest.runToEnd("{}");
        String reason = second.get("reason").asText();
        assertTrue(reason.contains(version), second.toString());
        assertFalse(reason.contains("could not be run"), "the gate ran the current release, downloaded from S3: " + reason);
    }
}
