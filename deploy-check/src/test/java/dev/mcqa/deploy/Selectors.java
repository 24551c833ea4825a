package dev.mcqa.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Kubernetes label selectors (matchLabels and matchExpressions), as the API server evaluates them. */
final class Selectors {
    private Selectors() {
    }

    /** Whether a selector selects these labels; an empty selector selects everything. */
    static boolean matches(JsonNode selector, Map<String, String> labels) {
        for (var entry : selector.path("matchLabels").properties()) {
            if (!entry.getValue().asText().equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            Set<String> values = new HashSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean holds = switch (expression.path("operator").asText()) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new IllegalArgumentException("unknown selector operator " + expression.path("operator").asText());
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    /** An object's labels (metadata.labels) as a map. */
    static Map<String, String> labels(JsonNode metadata) {
        Map<String, String> labels = new HashMap<>();
        metadata.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
