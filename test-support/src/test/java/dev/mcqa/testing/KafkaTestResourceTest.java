package dev.mcqa.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Plain Java: which broker the tests get. */
class KafkaTestResourceTest {

    @Test
    void testcontainersOnlyWhereADockerEngineAnswers() {
        assertEquals(KafkaTestResource.Source.EMBEDDED, KafkaTestResource.source("embedded", () -> true));
        assertEquals(KafkaTestResource.Source.TESTCONTAINERS, KafkaTestResource.source("testcontainers", () -> true));
        assertEquals(KafkaTestResource.Source.EMBEDDED, KafkaTestResource.source("testcontainers", () -> false),
                "no engine: the in-JVM broker, with a warning");
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> KafkaTestResource.source("docker", () -> true));
        assertTrue(wrong.getMessage().contains("mcqa.test.kafka"), wrong.getMessage());
    }
}
