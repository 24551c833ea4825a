package dev.mcqa.generator.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.Seed;
import dev.mcqa.generator.intake.IntakeReport.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SeedIntakeTest {
    private final SeedRegistry registry = new SeedRegistry();
    private final List<Seed> published = new ArrayList<>();

    @Test
    void publishesNewSeedsOnceAndReportsEveryCandidate() {
        SeedIntake intake = new SeedIntake(registry, seed -> {
            published.add(seed);
            return CompletableFuture.completedFuture(null);
        }, Duration.ofSeconds(1), 500);
        Candidate seed = Candidate.of("law", "Q?", List.of("a", "b"), 0, "rest");
        Candidate bad = Candidate.of("law", "Q?", List.of("a"), 0, "rest");

        IntakeReport first = intake.submit(List.of(seed, bad, seed));
        assertEquals(List.of(Outcome.ACCEPTED, Outcome.REJECTED, Outcome.DUPLICATE), outcomes(first));
        assertEquals(1, published.size());

        // Read back from the topic, then sent again: still a duplicate.
        registry.record(published.get(0));
        assertEquals(List.of(Outcome.DUPLICATE), outcomes(intake.submit(List.of(seed))));
        assertEquals(1, published.size());
        assertEquals(1, registry.countsByTask().get("law"));
    }

    @Test
    void aSeedTheBrokerDidNotTakeFailsAndCanBeRetried() {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        SeedIntake intake = new SeedIntake(registry, seed -> {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.add(ack);
            return ack;
        }, Duration.ofMillis(100), 500);
        Candidate seed = Candidate.of("law", "Q?", List.of("a", "b"), 0, "rest");

        IntakeReport timedOut = intake.submit(List.of(seed));
        assertEquals(List.of(Outcome.FAILED), outcomes(timedOut));
        assertTrue(timedOut.items().get(0).reason().contains("did not acknowledge"));

        acks.clear();
        CompletableFuture<Void> refused = new CompletableFuture<>();
        refused.completeExceptionally(new IllegalStateException("broker down"));
        SeedIntake failing = new SeedIntake(registry, s -> refused, Duration.ofSeconds(1), 500);
        assertEquals(List.of(Outcome.FAILED), outcomes(failing.submit(List.of(seed))));

        SeedIntake working = new SeedIntake(registry, s -> CompletableFuture.completedFuture(null), Duration.ofSeconds(1), 500);
        assertEquals(List.of(Outcome.ACCEPTED), outcomes(working.submit(List.of(seed))));
    }

    @Test
    void theRegistrySkipsARecordSeenBefore() {
        Seed seed = Seed.of("law", "Q?", List.of("a", "b"), 0, "rest");
        assertTrue(registry.record(seed));
        assertEquals(false, registry.record(seed));
        assertEquals(1, registry.duplicatesSkipped());
        assertEquals(1, registry.seedsOf("law").size());
    }

    private static List<Outcome> outcomes(IntakeReport report) {
        return report.items().stream().map(IntakeReport.Item::outcome).toList();
    }

    @Test
    void seedsOfANewTaskBeyondTheLimitAreRejectedNamingTheField() {
        SeedIntake intake = new SeedIntake(registry, seed -> {
            published.add(seed);
            return CompletableFuture.completedFuture(null);
        }, Duration.ofSeconds(1), 2);
        IntakeReport report = intake.submit(List.of(Candidate.of("law", "Q1?", List.of("a", "b"), 0, "rest"),
                Candidate.of("virology", "Q2?", List.of("a", "b"), 0, "rest"),
                Candidate.of("astronomy", "Q3?", List.of("a", "b"), 0, "rest"),
                Candidate.of("law", "Q4?", List.of("a", "b"), 0, "rest")));
        assertEquals(List.of(Outcome.ACCEPTED, Outcome.ACCEPTED, Outcome.REJECTED, Outcome.ACCEPTED), outcomes(report));
        assertTrue(report.items().get(2).reason().startsWith("task: "), report.items().get(2).reason());
        assertEquals(3, published.size());
    }

    @Test
    void aStreamSubmitsAChunkAtATimeAndReportsEveryCandidateInOrder() {
        List<Integer> publishedAtFlush = new ArrayList<>();
        SeedIntake intake = new SeedIntake(registry, seed -> {
            published.add(seed);
            return CompletableFuture.completedFuture(null);
        }, Duration.ofSeconds(1), 500);
        SeedIntake.Stream stream = intake.stream(2);
        for (int i = 0; i < 5; i++) {
            stream.accept(i == 3 ? Candidate.of("law", "Bad?", List.of("a"), 0, "rest") : Candidate.of("law", "Q" + i + "?", List.of("a", "b"), 0, "rest"));
            publishedAtFlush.add(published.size());
        }
        assertEquals(List.of(0, 2, 2, 3, 3), publishedAtFlush, "published two by two, not all at the end");
        IntakeReport report = stream.report();
        assertEquals(List.of(0, 1, 2, 3, 4), report.items().stream().map(IntakeReport.Item::index).toList());
        assertEquals(List.of(Outcome.ACCEPTED, Outcome.ACCEPTED, Outcome.ACCEPTED, Outcome.REJECTED, Outcome.ACCEPTED), outcomes(report));
        assertEquals(4, report.accepted());
    }
}
