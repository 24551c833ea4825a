package dev.mcqa.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The served-model check on vLLM's recorded /v1/models shape (test-support teacher-responses/). */
class ServedModelsTest {

    private static String vllmModels() throws IOException {
        try (InputStream in = ServedModelsTest.class.getResourceAsStream("/teacher-responses/vllm-models.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theDefaultModelNameSentToVllmIsNotServedAndTheServedOnesAreNamed() throws IOException {
        ServedModels.Check check = ServedModels.judge(vllmModels(), "gpt-4o-mini");
        assertEquals(ServedModels.Verdict.NOT_SERVED, check.verdict());
        assertEquals(List.of("Qwen/Qwen3-8B"), check.served());
        assertTrue(check.message().contains("Qwen/Qwen3-8B"), check.message());
    }

    @Test
    void aServedModelPassesAndNoListIsNoVerdict() throws IOException {
        assertEquals(ServedModels.Verdict.SERVED, ServedModels.judge(vllmModels(), "Qwen/Qwen3-8B").verdict());
        assertEquals(ServedModels.Verdict.UNKNOWN, ServedModels.judge("{\"error\": \"not found\"}", "x").verdict());
        assertEquals(ServedModels.Verdict.UNKNOWN, ServedModels.check("http://127.0.0.1:9/v1", "", "x", java.time.Duration.ofSeconds(2)).verdict(),
                "nothing listening: no verdict, calls will tell");
    }
}
