package dev.mcqa.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Kubernetes' own kinds against the API models of the official Java client (io.kubernetes:client-java-api,
 * generated from the Kubernetes 1.32 OpenAPI): a field the model does not define, a wrong type or a
 * missing required field is an error, as the API server's strict field validation would report.
 */
final class KubernetesSchemas {
    /** The API groups of Kubernetes itself ("" is the core group). */
    private static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "policy", "autoscaling", "networking.k8s.io",
            "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io", "coordination.k8s.io");
    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    private KubernetesSchemas() {
    }

    static boolean covers(JsonNode object) {
        return BUILT_IN_GROUPS.contains(group(object.path("apiVersion").asText()));
    }

    /** What is wrong with a built-in object; empty when its model accepts it. */
    static List<String> problems(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String modelName = MODELS + version.substring(0, 1).toUpperCase(Locale.ROOT) + version.substring(1) + object.path("kind").asText();
        try {
            Class<?> model = Class.forName(modelName);
            model.getMethod("fromJson", String.class).invoke(null, object.toString());
            return List.of();
        } catch (ClassNotFoundException e) {
            return List.of(Manifests.id(object) + ": Kubernetes 1.32 has no " + apiVersion + " " + object.path("kind").asText());
        } catch (InvocationTargetException e) {
            String message = String.valueOf(e.getCause().getMessage());
            // The client quotes the whole object after "JSON:"; the field and the rule are before it.
            int json = message.indexOf(" JSON: ");
            return List.of(Manifests.id(object) + ": " + (json > 0 ? message.substring(0, json) : message));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Kubernetes client's model " + modelName + " has no fromJson(String)", e);
        }
    }

    private static String group(String apiVersion) {
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }
}
