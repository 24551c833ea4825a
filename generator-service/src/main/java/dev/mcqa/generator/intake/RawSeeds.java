package dev.mcqa.generator.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.InvalidMessageException;
import dev.mcqa.contract.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Seeds as any producer writes them to the raw intake topic: the JSON of {@code POST /v1/seeds}
 * (one seed object or a list of them; no id or schema version; {@code source} optional), as bytes.
 * Unlike a REST request, a list is not all or nothing: each seed stands alone, so one bad seed does
 * not hold back the others of its record.
 */
public final class RawSeeds {

    /**
     * A record's seeds, each valid or not, with the JSON text of each (what a rejected one is
     * dead-lettered as); or, when the record as a whole is unusable, why.
     */
    public record Parsed(List<Candidate> candidates, List<String> texts, String unusable) {
        static Parsed unusable(String reason) {
            return new Parsed(List.of(), List.of(), reason);
        }
    }

    private RawSeeds() {
    }

    /**
     * @param maxBytes      the largest record taken (the REST API's body limit)
     * @param defaultSource the source of a seed that names none (the record's topic, partition and offset)
     */
    public static Parsed parse(byte[] value, long maxBytes, String defaultSource) {
        if (value == null) {
            return Parsed.unusable("an empty record (no value)");
        }
        if (value.length > maxBytes) {
            return Parsed.unusable("a record of " + value.length + " bytes, above the limit of " + maxBytes + " (mcqa.intake.max-body-size)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return Parsed.unusable("not UTF-8: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = Json.parse(text);
        } catch (InvalidMessageException e) {
            return Parsed.unusable(e.violations().get(0).message()); // "not valid JSON: ..."
        }
        List<JsonNode> objects = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(objects::add);
        } else if (root.isObject()) {
            objects.add(root);
        } else {
            return Parsed.unusable("must be a seed object or a list of them, not a " + root.getNodeType().name().toLowerCase());
        }
        if (objects.isEmpty()) {
            return Parsed.unusable("the list holds no seed");
        }
        List<Candidate> candidates = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            candidates.add(SeedRequests.candidate(objects.get(i), root.isArray() ? "[" + i + "]" : "", defaultSource));
            texts.add(objects.get(i).toString());
        }
        return new Parsed(candidates, texts, null);
    }
}
