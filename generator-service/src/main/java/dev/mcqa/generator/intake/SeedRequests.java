package dev.mcqa.generator.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.InvalidMessageException;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.Violation;
import dev.mcqa.rest.RequestException;
import dev.mcqa.rest.RequestException.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads seeds given as JSON: one object {@code {task, question, choices, answer, source?}} or an
 * array of them. Types are checked exactly (an answer must be a JSON integer, choices an array of
 * strings); fields are named by their JSON path, e.g. {@code [2].choices[1]}.
 */
public final class SeedRequests {
    /** The source recorded for a seed posted without one. */
    public static final String DEFAULT_SOURCE = "rest";

    private SeedRequests() {
    }

    /** All seeds of a request, or a {@link RequestException} listing every problem; all or nothing. */
    public static List<Candidate> parse(String body) {
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (InvalidMessageException e) {
            throw new RequestException(Kind.MALFORMED, e.violations());
        }
        List<JsonNode> objects = new ArrayList<>();
        if (root.isArray()) {
            if (root.isEmpty()) {
                throw new RequestException(Kind.INVALID, List.of(new Violation("", "the list holds no seed")));
            }
            root.forEach(objects::add);
        } else {
            objects.add(root);
        }
        List<Violation> types = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            candidates.add(read(objects.get(i), root.isArray() ? "[" + i + "]" : "", DEFAULT_SOURCE, types));
        }
        if (!types.isEmpty()) {
            throw new RequestException(Kind.MALFORMED, types);
        }
        List<Violation> rules = candidates.stream().flatMap(c -> c.violations().stream()).toList();
        if (!rules.isEmpty()) {
            throw new RequestException(Kind.INVALID, rules);
        }
        return candidates;
    }

    /**
     * One seed object, valid or not.
     *
     * @param path          JSON path of the object, prefixed to every violation
     * @param defaultSource the source when the object names none
     */
    public static Candidate candidate(JsonNode node, String path, String defaultSource) {
        List<Violation> types = new ArrayList<>();
        Candidate candidate = read(node, path, defaultSource, types);
        return types.isEmpty() ? candidate : Candidate.invalid(defaultSource, types);
    }

    /** Reads the fields; type problems go to {@code types} (and null is returned), rule problems into the candidate. */
    private static Candidate read(JsonNode node, String path, String defaultSource, List<Violation> types) {
        if (!node.isObject()) {
            types.add(new Violation(path, "must be a JSON object with task, question, choices and answer"));
            return null;
        }
        List<Violation> found = new ArrayList<>();
        String task = text(node, "task", found);
        String question = text(node, "question", found);
        List<String> choices = textList(node, "choices", found);
        int answer = integer(node, "answer", found);
        String source = node.hasNonNull("source") ? text(node, "source", found) : defaultSource;
        if (!found.isEmpty()) {
            found.forEach(v -> types.add(v.under(path)));
            return null;
        }
        Candidate candidate = Candidate.of(task, question, choices, answer, source);
        return candidate.seed() != null ? candidate
                : Candidate.invalid(source, candidate.violations().stream().map(v -> v.under(path)).toList());
    }

    private static String text(JsonNode node, String field, List<Violation> types) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            types.add(new Violation(field, "is required"));
            return null;
        }
        if (!value.isTextual()) {
            types.add(new Violation(field, "must be a string, not " + describe(value)));
            return null;
        }
        return value.textValue();
    }

    private static List<String> textList(JsonNode node, String field, List<Violation> types) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            types.add(new Violation(field, "is required"));
            return null;
        }
        if (!value.isArray()) {
            types.add(new Violation(field, "must be an array of strings, not " + describe(value)));
            return null;
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isTextual()) {
                types.add(new Violation(field + "[" + i + "]", "must be a string, not " + describe(element)));
            } else {
                texts.add(element.textValue());
            }
        }
        return texts;
    }

    private static int integer(JsonNode node, String field, List<Violation> types) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            types.add(new Violation(field, "is required"));
            return -1;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            types.add(new Violation(field, "must be an integer index, not " + describe(value)));
            return -1;
        }
        return value.intValue();
    }

    private static String describe(JsonNode value) {
        String type = value.getNodeType().name().toLowerCase();
        return value.isNumber() && !value.isIntegralNumber() ? "a fraction" : "a " + type;
    }
}
