package dev.mcqa.generator.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Plain Java: what becomes of a raw intake record, for every kind of bad record, and a list with one
 * bad seed; and that docs/schemas/raw-seeds.schema.json, what producers outside Java validate
 * against, refuses the same records where a schema can (not rules across fields).
 */
class RawSeedsTest {
    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix("https://mcqa.dev/schemas/",
                    Path.of("../docs/schemas").toAbsolutePath().toUri().toString())))
            .getSchema(URI.create("https://mcqa.dev/schemas/raw-seeds.schema.json"));
    private static final String SOURCE = "kafka:mcqa.seeds.in/0@7";
    private static final String SEED = "{\"task\":\"astronomy\",\"question\":\"Which planet is the largest?\",\"choices\":[\"Mars\",\"Jupiter\",\"Venus\",\"Earth\"],\"answer\":1}";

    private static RawSeeds.Parsed parse(String text) {
        return RawSeeds.parse(text.getBytes(StandardCharsets.UTF_8), 4096, SOURCE);
    }

    /** The reasons of one record with a single seed: the whole record's, or that seed's violations. */
    private static String reason(RawSeeds.Parsed parsed) {
        if (parsed.unusable() != null) {
            return parsed.unusable();
        }
        assertEquals(1, parsed.candidates().size());
        assertNull(parsed.candidates().get(0).seed(), "expected a rejected seed");
        return parsed.candidates().get(0).violations().stream().map(Object::toString).collect(Collectors.joining("; "));
    }

    @Test
    void aValidSeedWithoutSourceTakesTheRecordsPlace() {
        RawSeeds.Parsed parsed = parse(SEED);
        assertNull(parsed.unusable());
        assertEquals(Set.of(), SCHEMA.validate(SEED, InputFormat.JSON));
        assertEquals(SOURCE, parsed.candidates().get(0).seed().source());
        assertEquals("Jupiter", parsed.candidates().get(0).seed().choices().get(1));
        assertEquals("crm", parse(SEED.replace("\"answer\":1", "\"answer\":1,\"source\":\"crm\"")).candidates().get(0).seed().source());
    }

    @Test
    void everyKindOfBadRecordIsRefusedWithItsReason() {
        byte[] notUtf8 = {'{', '"', 't', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertTrue(RawSeeds.parse(notUtf8, 4096, SOURCE).unusable().startsWith("not UTF-8"));
        assertTrue(RawSeeds.parse(null, 4096, SOURCE).unusable().contains("empty record"));
        assertTrue(RawSeeds.parse(new byte[5000], 4096, SOURCE).unusable().contains("above the limit of 4096"));
        // {record, reason, whether the schema can refuse it too}
        String[][] cases = {
            {"42", "not a number", "yes"},
            {"null", "not a null", "yes"},
            {"[]", "holds no seed", "yes"},
            {SEED.replace("\"answer\":1", "\"answer\":\"two\""), "answer: must be an integer index, not a string", "yes"},
            {SEED.replace("\"answer\":1", "\"answer\":1.5"), "answer: must be an integer index, not a fraction", "yes"},
            {SEED.replace("\"question\":\"Which planet is the largest?\",", ""), "question: is required", "yes"},
            {SEED.replace("\"Mars\"", "3"), "choices[0]: must be a string", "yes"},
            {SEED.replace("\"astronomy\"", "\"\""), "task", "yes"},
            {"[\"a seed\"]", "[0]: must be a JSON object", "yes"},
            {SEED.replace("\"answer\":1", "\"answer\":7"), "answer", "no: answer below the number of choices"},
            {SEED.replace("\"Venus\"", "\"Mars\""), "choices", "no: duplicate choices"},
        };
        for (String[] c : cases) {
            String reason = reason(parse(c[0]));
            assertTrue(reason.contains(c[1]), c[0] + " -> " + reason);
            assertEquals(c[2].equals("yes"), !SCHEMA.validate(c[0], InputFormat.JSON).isEmpty(), "the schema on " + c[0]);
        }
        assertTrue(reason(parse("{\"task\": \"astronomy\", ")).startsWith("not valid JSON"));
    }

    @Test
    void aListWithOneBadSeedKeepsTheOthers() {
        RawSeeds.Parsed parsed = parse("[" + SEED + "," + SEED.replace("\"answer\":1", "\"answer\":9") + ","
                + SEED.replace("Jupiter", "Saturn") + "]");
        assertNull(parsed.unusable());
        List<Candidate> candidates = parsed.candidates();
        assertNotNull(candidates.get(0).seed());
        assertNull(candidates.get(1).seed());
        assertTrue(candidates.get(1).violations().get(0).field().startsWith("[1]."), candidates.get(1).violations().toString());
        assertNotNull(candidates.get(2).seed());
        assertTrue(parsed.texts().get(1).contains("\"answer\":9"), "a rejected seed is dead-lettered as its own JSON");
    }
}
