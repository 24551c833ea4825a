package dev.mcqa.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each overlay of deploy/, rendered as kubectl apply -k would, passes every check. */
class DeployTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyCheckPasses(String overlay) {
        Manifests manifests = Manifests.render(DeployChecks.REPOSITORY.resolve("deploy/overlays").resolve(overlay));
        assertFalse(manifests.ofKind("KafkaUser").isEmpty(), "the overlay renders the Kafka resources");
        for (DeployChecks check : DeployChecks.values()) {
            assertEquals(List.of(), check.problems(manifests), overlay + ": " + check);
        }
    }
}
