package dev.mcqa.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/** The objects of a kustomization as kustomize renders them (kubectl kustomize: the same code as kubectl apply -k). */
record Manifests(List<JsonNode> objects) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Manifests render(Path kustomization) {
        ProcessBuilder command = new ProcessBuilder("kubectl", "kustomize", kustomization.toString()).redirectErrorStream(true);
        try {
            Process process = command.start();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readAllBytes();
            }
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + kustomization + " failed:\n" + new String(output, StandardCharsets.UTF_8));
            }
            return parse(new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("rendering deploy/ needs kubectl (1.27 or later; its kustomize renders offline) on PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Manifests parse(String yaml) {
        try {
            List<JsonNode> documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
            return new Manifests(documents.stream().filter(JsonNode::isObject).toList()); // empty documents are not objects
        } catch (IOException e) {
            throw new IllegalStateException("not YAML: " + e.getMessage(), e);
        }
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<JsonNode> named(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(name(o))).findFirst();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    /** "Kind/name", as problems name an object. */
    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + name(object);
    }

    /** A Service's selector (a plain label map) as a LabelSelector. */
    static JsonNode labelSelector(JsonNode labels) {
        return YAML.createObjectNode().set("matchLabels", labels);
    }

    static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
