package dev.mcqa.encoding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference fixtures in ../shared/fixtures (beside the project; also in CI): tiny random models in
 * Hugging Face format with the outputs transformers 5.17 produced for them. Override the location
 * with -Dmcqa.fixtures=DIR.
 */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path dir(String model) {
        Path root = Path.of(System.getProperty("mcqa.fixtures", "../../shared/fixtures"));
        Path dir = root.resolve(model);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("fixture " + dir.toAbsolutePath() + " is missing: the shared fixtures belong beside the project");
        }
        return dir;
    }

    public static JsonNode expected(String model) {
        try {
            return new ObjectMapper().readTree(dir(model).resolve("expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<McqaInput> questions(JsonNode expected) {
        List<McqaInput> questions = new ArrayList<>();
        for (JsonNode q : expected.get("questions")) {
            List<String> choices = new ArrayList<>();
            q.get("choices").forEach(c -> choices.add(c.asText()));
            questions.add(new McqaInput(q.get("question").asText(), choices));
        }
        return questions;
    }

    /** A nested JSON array of numbers, flattened row-major. */
    public static double[] flat(JsonNode array) {
        List<Double> values = new ArrayList<>();
        flatten(array, values);
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatten(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, out));
        } else {
            out.add(node.asDouble());
        }
    }
}
