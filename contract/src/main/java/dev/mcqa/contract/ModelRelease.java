package dev.mcqa.contract;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A released student model. Topic {@link Topics#MODELS}, keyed by task scope.
 *
 * @param id          content id of version and sha256
 * @param version     the release's version, unique per model store
 * @param taskScope   the task the model answers, or {@link #ALL_TASKS}
 * @param artifactUri where the artifact directory is (model.onnx, tokenizer, model-card.json), e.g. {@code file:///models/v3/}
 * @param sha256      SHA-256 of model.onnx, hex
 * @param tokenizer   the tokenizer file name inside the artifact directory
 * @param metrics     evaluation figures, e.g. {@code accuracy}, {@code ece}, {@code accuracy.anatomy}
 */
public record ModelRelease(int schemaVersion, String id, String version, String taskScope, String artifactUri,
                           String sha256, String tokenizer, Map<String, Double> metrics, ReleaseLineage lineage,
                           Instant createdAt) {
    /** The task scope of a model trained on every task. */
    public static final String ALL_TASKS = "*";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ModelRelease {
        List<Violation> violations = new ArrayList<>();
        Rules.schemaVersion(schemaVersion, violations);
        violations.addAll(check(version, taskScope, artifactUri, sha256, tokenizer, metrics, lineage, createdAt));
        if (violations.isEmpty()) {
            Rules.id(idOf(version, sha256), id, violations);
        }
        InvalidMessageException.throwIfAny(violations);
        metrics = Map.copyOf(metrics);
    }

    public static ModelRelease of(String version, String taskScope, String artifactUri, String sha256, String tokenizer,
                                  Map<String, Double> metrics, ReleaseLineage lineage, Instant createdAt) {
        InvalidMessageException.throwIfAny(check(version, taskScope, artifactUri, sha256, tokenizer, metrics, lineage, createdAt));
        return new ModelRelease(Rules.SCHEMA_VERSION, idOf(version, sha256), version, taskScope, artifactUri, sha256,
                tokenizer, metrics, lineage, createdAt);
    }

    private static List<Violation> check(String version, String taskScope, String artifactUri, String sha256,
                                         String tokenizer, Map<String, Double> metrics, ReleaseLineage lineage,
                                         Instant createdAt) {
        List<Violation> violations = new ArrayList<>();
        Rules.required("version", version, violations);
        if (!ALL_TASKS.equals(taskScope)) {
            Rules.task("taskScope", taskScope, violations);
        }
        Rules.required("artifactUri", artifactUri, violations);
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            violations.add(new Violation("sha256", "must be 64 lower-case hex digits"));
        }
        Rules.required("tokenizer", tokenizer, violations);
        Rules.required("metrics", metrics, violations);
        Rules.required("lineage", lineage, violations);
        Rules.required("createdAt", createdAt, violations);
        return violations;
    }

    static String idOf(String version, String sha256) {
        return ContentId.of("release", version, sha256);
    }
}
