package dev.mcqa.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void aHeaderLineInSecondsOrAsAnHttpDate() {
        assertEquals(Optional.of(Duration.ofSeconds(20)), RetryAfter.in("Retry-After: 20\n{\"error\": {}}", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.in("Retry-After: Wed, 02 Dec 2026 10:01:30 GMT\n{}", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.in("Retry-After: Wed, 02 Dec 2026 09:00:00 GMT\n{}", NOW));
    }

    @Test
    void openAisAndAzuresMessages() {
        // openai/openai-dotnet issue #404 (OpenAI's 429 body) and openai/openai-node issue #1108 (Azure OpenAI's)
        assertEquals(Optional.of(Duration.ofHours(114).plusMinutes(18)), RetryAfter.in(
                "Rate limit reached for gpt-4o-mini in organization org on tokens per min (TPM): Limit 100000, Used 96749, "
                        + "Requested 19126. Please try again in 114h18m0s. Visit https://platform.openai.com/account/rate-limits", NOW));
        assertEquals(Optional.of(Duration.ofMillis(3108)), RetryAfter.in("Please try again in 3.108s.", NOW));
        assertEquals(Optional.of(Duration.ofMillis(170)), RetryAfter.in("Please try again in 170ms.", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(33)), RetryAfter.in("have exceeded token rate limit of your current "
                + "OpenAI S0 pricing tier. Please retry after 33 seconds.", NOW));
    }

    @Test
    void nothingWhenNotSaid() {
        assertEquals(Optional.empty(), RetryAfter.in("{\"error\": {\"message\": \"busy\"}}", NOW));
        assertEquals(Optional.empty(), RetryAfter.in(null, NOW));
        assertEquals(Optional.empty(), RetryAfter.in("Retry-After: soon\n", NOW));
    }
}
