package dev.mcqa.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schemas of docs/schemas (draft 2020-12, for producers and consumers outside Java) and the
 * contract's records agree: each message the records write is valid under its schema, and each
 * malformed variant below is refused by both the schema and the records. (Rules that need more than
 * one field, such as an answer below the number of choices, are the records' alone; each schema says so.)
 */
class SchemasTest {
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix("https://mcqa.dev/schemas/",
                    Path.of("../docs/schemas").toAbsolutePath().toUri().toString())));
    private static final Seed SEED = Seed.of("anatomy", "Which bone is in the arm?", List.of("Femur", "Humerus", "Tibia", "Fibula"), 1, "rest");
    private static final GeneratedItem ITEM = GeneratedItem.of("anatomy", List.of(SEED.id()), "Which organ pumps blood?",
            List.of("Lung", "Heart", "Liver", "Kidney"), 1, GenerationMethod.DECOMPOSED, "gpt-test", "decomposed-v1");
    private static final ScoredItem SCORED = ScoredItem.of(ITEM, List.of(0.1, 0.7, 0.1, 0.1), "gpt-test", ScoringMethod.LOGPROBS, 4,
            List.of(3), 0.93);
    private static final ModelRelease RELEASE = ModelRelease.of("v1", ModelRelease.ALL_TASKS, "s3://models/releases/v1/", "a".repeat(64),
            "tokenizer.json", Map.of("accuracy", 0.4), new ReleaseLineage(285, 1000, Map.of("mcqa.scored:0", 1000L),
                    List.of("gpt-test"), "all-MiniLM-L6-v2"), Instant.parse("2026-11-25T21:00:00Z"));

    private static JsonSchema schema(String name) {
        return SCHEMAS.getSchema(java.net.URI.create("https://mcqa.dev/schemas/" + name + ".schema.json"));
    }

    private static ObjectNode tree(Object message) {
        return (ObjectNode) Json.parse(Json.encode(message));
    }

    /** A variant of a message's JSON, changed by {@code change}; both the schema and the record must refuse it. */
    private static void refusedByBoth(String schema, Object message, String what, Consumer<ObjectNode> change) {
        ObjectNode variant = tree(message);
        change.accept(variant);
        assertFalse(schema(schema).validate(variant).isEmpty(), schema + " accepted " + what + ": " + variant);
        assertThrows(InvalidMessageException.class, () -> Json.decode(variant.toString(), message.getClass()), message.getClass().getSimpleName()
                + " accepted " + what);
    }

    @Test
    void everyMessageTheRecordsWriteIsValidUnderItsSchema() {
        Map<String, Object> messages = Map.of("seed", SEED, "generated-item", ITEM, "scored-item", SCORED, "model-release", RELEASE);
        messages.forEach((schema, message) -> assertEquals(Set.of(), schema(schema).validate(tree(message)), schema));
        ObjectNode withoutLetterMass = tree(SCORED);
        withoutLetterMass.remove("letterMass");
        assertEquals(Set.of(), schema("scored-item").validate(withoutLetterMass));
        ObjectNode withUnknownField = tree(SEED);
        withUnknownField.put("addedLater", true);
        assertEquals(Set.of(), schema("seed").validate(withUnknownField), "readers ignore fields they do not know");
        assertEquals(SEED, Json.decode(withUnknownField.toString(), Seed.class));
    }

    @Test
    void malformedMessagesAreRefusedByBoth() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        refusedByBoth("seed", SEED, "no question", s -> s.remove("question"));
        refusedByBoth("seed", SEED, "an answer given as text", s -> s.put("answer", "1"));
        refusedByBoth("seed", SEED, "an upper-case task", s -> s.put("task", "Anatomy"));
        refusedByBoth("seed", SEED, "one choice", s -> s.set("choices", json.arrayNode().add("Femur")));
        refusedByBoth("seed", SEED, "a blank question", s -> s.put("question", "   "));
        refusedByBoth("seed", SEED, "schema version 2", s -> s.put("schemaVersion", 2));
        refusedByBoth("seed", SEED, "an id that is not one", s -> s.put("id", "xyz"));
        refusedByBoth("seed", SEED, "no source", s -> s.remove("source"));
        refusedByBoth("seed", SEED, "a negative answer", s -> s.put("answer", -1));
        refusedByBoth("generated-item", ITEM, "an unknown method", s -> s.put("method", "freehand"));
        refusedByBoth("generated-item", ITEM, "no seed ids", s -> s.set("seedIds", json.arrayNode()));
        refusedByBoth("generated-item", ITEM, "a blank teacher", s -> s.put("teacher", " "));
        refusedByBoth("scored-item", SCORED, "a probability above 1", s -> ((com.fasterxml.jackson.databind.node.ArrayNode) s.get("probabilities")).set(0, json.numberNode(1.5)));
        refusedByBoth("scored-item", SCORED, "no permutations", s -> s.put("permutations", 0));
        refusedByBoth("scored-item", SCORED, "a letter mass of 2", s -> s.put("letterMass", 2.0));
        refusedByBoth("scored-item", SCORED, "an unknown scoring method", s -> s.put("scoringMethod", "guess"));
        refusedByBoth("model-release", RELEASE, "an upper-case digest", s -> s.put("sha256", "A".repeat(64)));
        refusedByBoth("model-release", RELEASE, "a task scope with spaces", s -> s.put("taskScope", "all tasks"));
        refusedByBoth("model-release", RELEASE, "no lineage", s -> s.remove("lineage"));
        refusedByBoth("model-release", RELEASE, "metrics that are not numbers", s -> s.set("metrics", json.objectNode().put("accuracy", "high")));
    }

    @Test
    void rawSeedsAreASeedWithoutIdOrVersionOrAListOfThem() {
        JsonSchema raw = schema("raw-seeds");
        ObjectNode one = tree(SEED);
        one.remove(List.of("id", "schemaVersion", "source"));
        assertEquals(Set.of(), raw.validate(one));
        assertEquals(Set.of(), raw.validate(JsonNodeFactory.instance.arrayNode().add(one).add(tree(SEED))));
        assertFalse(raw.validate(JsonNodeFactory.instance.arrayNode()).isEmpty(), "an empty list");
        assertFalse(raw.validate(JsonNodeFactory.instance.numberNode(42)).isEmpty(), "a number");
        ObjectNode noChoices = one.deepCopy();
        noChoices.remove("choices");
        assertFalse(raw.validate(noChoices).isEmpty(), "no choices");
    }
}
