package dev.mcqa.inference.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.ModelRelease;
import dev.mcqa.contract.ReleaseLineage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Plain Java: which release the follower loads next. */
class ReleasesTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static ModelRelease release(String version, Instant createdAt) {
        return ModelRelease.of(version, ModelRelease.ALL_TASKS, "file:///models/" + version + "/", "0".repeat(64), "tokenizer.json",
                Map.of(), new ReleaseLineage(0, 0, Map.of(), List.of("test"), "bert-tiny"), createdAt);
    }

    private static long offsetOf(Optional<Releases.Candidate> candidate) {
        return candidate.map(Releases.Candidate::offset).orElse(-1L);
    }

    @Test
    void theNewestByOffsetIsServedWhateverItsClockSays() {
        Releases releases = new Releases(Duration.ofSeconds(5), Duration.ofMinutes(5));
        releases.offer(release("v1", NOW.plus(Duration.ofDays(365))), 0); // a trainer clock a year ahead
        releases.offer(release("v2", NOW), 1);
        assertEquals(1, offsetOf(releases.next(NOW)), "published later, so newer: a future createdAt pins nothing");
        releases.served(releases.next(NOW).orElseThrow());
        releases.offer(release("v1", NOW.plus(Duration.ofDays(365))), 0); // the topic re-read from the start
        assertEquals(Optional.empty(), releases.next(NOW), "nothing older than what is served is loaded again");
    }

    @Test
    void aBrokenNewestReleaseFallsBackToTheNewestThatLoadsAndIsRetriedWithGrowingWaits() {
        Releases releases = new Releases(Duration.ofSeconds(5), Duration.ofSeconds(15));
        releases.offer(release("good", NOW), 0);
        releases.offer(release("broken", NOW), 1);
        Releases.Candidate broken = releases.next(NOW).orElseThrow();
        assertEquals(1, broken.offset());
        assertEquals(Duration.ofSeconds(5), releases.refused(broken, NOW));
        Releases.Candidate fallback = releases.next(NOW).orElseThrow();
        assertEquals(0, fallback.offset(), "a new pod is not left without a model");
        releases.served(fallback);
        assertEquals(Optional.empty(), releases.next(NOW.plusSeconds(4)));
        assertEquals(Optional.of(NOW.plusSeconds(5)), releases.nextRetry());
        assertEquals(1, offsetOf(releases.next(NOW.plusSeconds(5))), "tried again once its wait is over");
        assertEquals(Duration.ofSeconds(10), releases.refused(broken, NOW.plusSeconds(5)));
        assertEquals(Duration.ofSeconds(15), releases.refused(broken, NOW.plusSeconds(15)), "doubled, up to the maximum");
        releases.offer(release("next", NOW), 2);
        assertEquals(2, offsetOf(releases.next(NOW.plusSeconds(16))), "a newer release is not held up by the broken one");
        releases.served(releases.next(NOW.plusSeconds(16)).orElseThrow());
        assertTrue(releases.nextRetry().isEmpty(), "the broken one is older than what is served now: forgotten");
        assertEquals(2, releases.servedOffset());
    }
}
