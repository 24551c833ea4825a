package dev.mcqa.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The schemas of vendored CustomResourceDefinitions, made strict: an object schema that lists its
 * properties and does not say x-kubernetes-preserve-unknown-fields rejects any other property, as
 * kubectl's strict field validation does (the API server would otherwise drop a misspelt field silently).
 */
final class CrdSchemas {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    /** By "group/Kind": the CRD's versions, each served or not, with its schema. */
    private final Map<String, Map<String, Version>> kinds = new HashMap<>();

    private record Version(boolean served, JsonSchema schema) {
    }

    static CrdSchemas read(Path directory) {
        CrdSchemas schemas = new CrdSchemas();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                Manifests.parse(Files.readString(file)).ofKind("CustomResourceDefinition").forEach(schemas::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schemas;
    }

    private void add(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        Map<String, Version> versions = kinds.computeIfAbsent(spec.path("group").asText() + "/" + spec.path("names").path("kind").asText(),
                k -> new HashMap<>());
        for (JsonNode version : spec.path("versions")) {
            JsonNode schema = strict(version.path("schema").path("openAPIV3Schema").deepCopy());
            versions.put(version.path("name").asText(), new Version(version.path("served").asBoolean(), FACTORY.getSchema(schema)));
        }
    }

    private static JsonNode strict(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                object.put("additionalProperties", false);
            }
            object.forEach(CrdSchemas::strict);
        } else if (schema.isArray()) {
            schema.forEach(CrdSchemas::strict);
        }
        return schema;
    }

    /** True if a vendored CRD defines this object's kind in its API group. */
    boolean covers(JsonNode object) {
        return kinds.containsKey(groupKind(object));
    }

    /** What is wrong with a custom resource: a version its CRD does not serve, or every schema violation. */
    List<String> problems(JsonNode object) {
        Map<String, Version> versions = kinds.get(groupKind(object));
        String apiVersion = object.path("apiVersion").asText();
        Version version = versions.get(apiVersion.substring(apiVersion.indexOf('/') + 1));
        if (version == null || !version.served()) {
            List<String> served = versions.entrySet().stream().filter(v -> v.getValue().served()).map(Map.Entry::getKey).sorted().toList();
            return List.of(Manifests.id(object) + ": " + apiVersion + " is not served (served: " + served + ")");
        }
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : version.schema().validate(object)) {
            problems.add(Manifests.id(object) + ": " + message.getMessage());
        }
        return problems;
    }

    private static String groupKind(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return group + "/" + object.path("kind").asText();
    }
}
