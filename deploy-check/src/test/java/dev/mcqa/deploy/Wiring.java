package dev.mcqa.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** References between rendered objects that nothing else resolves before they are applied. */
final class Wiring {
    private Wiring() {
    }

    static List<String> problems(Manifests manifests, Map<String, ServiceChannels> channels) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> pods = manifests.ofKind("Deployment").stream().map(d -> d.path("spec").path("template")).toList();
        for (JsonNode service : manifests.ofKind("Service")) {
            List<JsonNode> selected = selected(pods, service.path("spec").path("selector"), false);
            if (selected.isEmpty()) {
                problems.add(Manifests.id(service) + ": its selector selects no pod");
            }
            for (JsonNode port : service.path("spec").path("ports")) {
                String target = port.path("targetPort").asText(port.path("port").asText());
                selected.stream().filter(pod -> !hasPort(pod, target)).forEach(pod -> problems.add(Manifests.id(service)
                        + ": targetPort " + target + " is not a port of the pods of " + pod.path("metadata").path("labels")));
            }
        }
        for (JsonNode budget : manifests.ofKind("PodDisruptionBudget")) {
            if (selected(pods, budget.path("spec").path("selector"), true).isEmpty()) {
                problems.add(Manifests.id(budget) + ": its selector selects no pod");
            }
        }
        for (JsonNode policy : manifests.ofKind("NetworkPolicy")) {
            JsonNode selector = policy.path("spec").path("podSelector");
            boolean companion = NetworkFlows.COMPANIONS.stream().anyMatch(labels -> Selectors.matches(selector, labels));
            if (!companion && !selector.isEmpty() && selected(pods, selector, true).isEmpty()) {
                problems.add(Manifests.id(policy) + ": its podSelector selects no pod");
            }
        }
        for (JsonNode hpa : manifests.ofKind("HorizontalPodAutoscaler")) {
            requireNamed(manifests, problems, hpa, "Deployment", hpa.path("spec").path("scaleTargetRef").path("name").asText());
        }
        for (JsonNode scaled : manifests.ofKind("ScaledObject")) {
            requireNamed(manifests, problems, scaled, "Deployment", scaled.path("spec").path("scaleTargetRef").path("name").asText());
            for (JsonNode trigger : scaled.path("spec").path("triggers")) {
                requireNamed(manifests, problems, scaled, "TriggerAuthentication", trigger.path("authenticationRef").path("name").asText());
            }
        }
        for (JsonNode authentication : manifests.ofKind("TriggerAuthentication")) {
            for (JsonNode ref : authentication.path("spec").path("configMapTargetRef")) {
                requireKey(manifests, problems, authentication, ref.path("name").asText(), ref.path("key").asText());
            }
        }
        for (JsonNode deployment : manifests.ofKind("Deployment")) {
            for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                container.path("envFrom").forEach(source -> requireNamed(manifests, problems, deployment, "ConfigMap",
                        source.path("configMapRef").path("name").asText()));
                container.path("env").forEach(env -> {
                    JsonNode ref = env.path("valueFrom").path("configMapKeyRef");
                    if (!ref.isMissingNode()) {
                        requireKey(manifests, problems, deployment, ref.path("name").asText(), ref.path("key").asText());
                    }
                });
            }
        }
        return problems;
    }

    /** The pod templates a selector selects; a Service's selector is a plain label map, the others are LabelSelectors. */
    private static List<JsonNode> selected(List<JsonNode> pods, JsonNode selector, boolean labelSelector) {
        if (selector.isMissingNode() || selector.isEmpty()) {
            return List.of();
        }
        JsonNode asLabelSelector = labelSelector ? selector : Manifests.labelSelector(selector);
        return pods.stream().filter(pod -> Selectors.matches(asLabelSelector, Selectors.labels(pod.path("metadata")))).toList();
    }

    private static boolean hasPort(JsonNode pod, String port) {
        for (JsonNode container : pod.path("spec").path("containers")) {
            for (JsonNode declared : container.path("ports")) {
                if (declared.path("name").asText().equals(port) || declared.path("containerPort").asText().equals(port)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void requireNamed(Manifests manifests, List<String> problems, JsonNode from, String kind, String name) {
        if (manifests.named(kind, name).isEmpty()) {
            problems.add(Manifests.id(from) + ": refers to " + kind + "/" + name + ", which is not in the deployment");
        }
    }

    private static void requireKey(Manifests manifests, List<String> problems, JsonNode from, String configMap, String key) {
        if (manifests.named("ConfigMap", configMap).filter(c -> c.path("data").has(key)).isEmpty()) {
            problems.add(Manifests.id(from) + ": refers to key " + key + " of ConfigMap/" + configMap + ", which is not in the deployment");
        }
    }
}
