package dev.mcqa.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContractTest {
    private static final Seed SEED = Seed.of("anatomy", "Which bone is in the arm?", List.of("Femur", "Humerus", "Tibia", "Fibula"), 1, "rest");
    private static final GeneratedItem ITEM = GeneratedItem.of("anatomy", List.of(SEED.id()), "Which organ pumps blood?",
            List.of("Lung", "Heart", "Liver", "Kidney"), 1, GenerationMethod.DECOMPOSED, "gpt-test", "decomposed-v1");

    @Test
    void everyMessageRoundTripsThroughJson() {
        ScoredItem scored = ScoredItem.of(ITEM, List.of(0.1, 0.7, 0.1, 0.1), "gpt-test", ScoringMethod.LOGPROBS, 4, List.of(3));
        ModelRelease release = ModelRelease.of("v1", ModelRelease.ALL_TASKS, "file:///models/v1/", "a".repeat(64),
                "tokenizer.json", Map.of("accuracy", 0.4), new ReleaseLineage(285, 1000, Map.of("mcqa.scored:0", 1000L),
                        List.of("gpt-test"), "all-MiniLM-L6-v2"), Instant.parse("2026-11-25T21:00:00Z"));
        for (Object message : List.of(SEED, ITEM, scored, release)) {
            assertEquals(message, Json.decode(Json.encode(message), message.getClass()));
        }
        assertTrue(Json.encode(ITEM).contains("\"method\":\"decomposed\""), Json.encode(ITEM));
        assertTrue(Json.encode(release).contains("\"createdAt\":\"2026-11-25T21:00:00Z\""), Json.encode(release));
    }

    @Test
    void idsDependOnContentNotOnWhiteSpaceOrSource() {
        Seed spaced = Seed.of("anatomy", "  Which bone is\n in the arm? ", List.of("Femur ", "Humerus", "Tibia", "Fibula"), 1, "import:x.csv#1");
        assertEquals(SEED.id(), spaced.id());
        Seed otherAnswer = Seed.of("anatomy", "Which bone is in the arm?", List.of("Femur", "Humerus", "Tibia", "Fibula"), 2, "rest");
        assertNotEquals(SEED.id(), otherAnswer.id());
        assertEquals(32, SEED.id().length());
    }

    @Test
    void decodingNamesTheBrokenField() {
        String seed = Json.encode(SEED);
        assertViolation(seed.replace("\"answer\":1", "\"answer\":\"1\""), "answer");
        assertViolation(seed.replace("\"answer\":1", "\"answer\":1.5"), "answer");
        assertViolation(seed.replace("\"answer\":1", "\"answer\":7"), "answer");
        assertViolation(seed.replace(",\"answer\":1", ""), "answer");
        assertViolation(seed.replace("\"schemaVersion\":1", "\"schemaVersion\":2"), "schemaVersion");
        assertViolation(seed.replace(SEED.id(), "0".repeat(32)), "id");
        assertViolation(seed.replace("\"Tibia\"", "\"humerus\""), "choices[2]");
        assertViolation(seed.replace("\"choices\":[\"Femur\",\"Humerus\",\"Tibia\",\"Fibula\"]", "\"choices\":\"Femur\""), "choices");
        assertViolation(seed.replace("\"task\":\"anatomy\"", "\"task\":\"Anatomy!\""), "task");
        assertViolation(seed.replace("\"task\":\"anatomy\"", "\"task\":3"), "task");
        assertViolation("{not json", "");
        String scored = Json.encode(ScoredItem.of(ITEM, List.of(0.25, 0.25, 0.25, 0.25), "s", ScoringMethod.LOGPROBS, 1, List.of()));
        assertViolation(scored.replace("[0.25,0.25,0.25,0.25]", "[0.5,0.25,0.25,0.25]"), "probabilities");
        assertViolation(scored.replace("\"logprobs\"", "\"guess\""), "scoringMethod");
    }

    @Test
    void letterMassIsOptionalAndChecked() {
        ScoredItem without = ScoredItem.of(ITEM, List.of(0.25, 0.25, 0.25, 0.25), "s", ScoringMethod.LOGPROBS, 4, List.of());
        String json = Json.encode(without);
        assertFalse(json.contains("letterMass"), json);
        assertEquals(without, Json.decode(json, ScoredItem.class), "a message of a producer that predates the field");
        ScoredItem with = ScoredItem.of(ITEM, List.of(0.25, 0.25, 0.25, 0.25), "s", ScoringMethod.LOGPROBS, 4, List.of(), 0.93);
        assertEquals(with, Json.decode(Json.encode(with), ScoredItem.class));
        assertViolation(Json.encode(with).replace("0.93", "1.5"), "letterMass");
        assertTrue(with.withoutLetterSignal(0.95));
        assertFalse(with.withoutLetterSignal(0.5));
        assertTrue(ScoredItem.of(ITEM, List.of(0.25, 0.25, 0.25, 0.25), "s", ScoringMethod.LOGPROBS, 4, List.of(0, 1, 2, 3))
                .withoutLetterSignal(0), "every letter floored");
    }

    @Test
    void seedRulesReportEveryProblem() {
        List<Violation> violations = Seed.check("bad task", " ", List.of("only"), 3, "rest");
        assertEquals(List.of("task", "question", "choices", "answer"), violations.stream().map(Violation::field).toList());
    }

    @Test
    void scoredItemRejectsProbabilitiesThatDoNotSumToOne() {
        InvalidMessageException e = assertThrows(InvalidMessageException.class,
                () -> ScoredItem.of(ITEM, List.of(0.3, 0.3, 0.3, 0.3), "s", ScoringMethod.SAMPLING, 1, List.of()));
        assertEquals("probabilities", e.violations().get(0).field());
    }

    private static Class<?> messageType(String json) {
        return json.contains("\"item\"") ? ScoredItem.class : Seed.class;
    }

    private static void assertViolation(String json, String field) {
        InvalidMessageException e = assertThrows(InvalidMessageException.class, () -> Json.decode(json, messageType(json)), json);
        assertTrue(e.violations().stream().anyMatch(v -> v.field().equals(field)), () -> "expected a violation of '" + field + "' in " + e.violations());
    }
}
