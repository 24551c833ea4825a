package dev.mcqa.inference.kafka;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.inference.InferenceConfig;
import dev.mcqa.inference.InferenceMetrics;
import dev.mcqa.inference.core.ModelHolder;
import dev.mcqa.inference.core.ModelLoader;
import dev.mcqa.inference.core.ServedModel;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows mcqa.models (from the beginning at every start) and serves the newest release: it is
 * loaded, checked and warmed up off the request path, then swapped in. A release older than the one
 * served, or superseded while waiting, is skipped; a broken artifact is refused with a log line and
 * the current model keeps serving. A configured model directory is served from start.
 */
@ApplicationScoped
public class ModelFollower {
    private final AtomicReference<ModelRelease> newest = new AtomicReference<>();
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> new Thread(r, "model-loader"));

    @Inject
    ModelHolder models;

    @Inject
    ModelLoader modelLoader;

    @Inject
    InferenceConfig config;

    @Inject
    InferenceMetrics metrics;

    void onStart(@Observes StartupEvent event) {
        config.modelDir().ifPresent(dir -> loader.submit(() -> {
            Path directory = Path.of(dir);
            try {
                String version = directory.getFileName().toString();
                models.swap(modelLoader.load(directory, version, null));
                metrics.served(version);
                Log.infof("serving %s from the configured directory %s", directory.getFileName(), directory);
            } catch (ModelLoader.BrokenArtifactException e) {
                metrics.refused();
                Log.errorf("the configured model directory cannot be served: %s", e.getMessage());
            }
        }));
    }

    @Incoming("models-in")
    public void onRelease(String json) {
        ModelRelease release = Json.decode(json, ModelRelease.class);
        ModelRelease now = newest.accumulateAndGet(release, (old, next) -> old == null || next.createdAt().isAfter(old.createdAt()) ? next : old);
        if (now == release) {
            loader.submit(() -> load(release));
        }
    }

    private void load(ModelRelease release) {
        if (newest.get() != release) {
            return; // superseded while waiting
        }
        try {
            ServedModel model = modelLoader.load(Path.of(URI.create(release.artifactUri())), release.version(), release.sha256());
            models.swap(model);
            metrics.served(release.version());
            Log.infof("serving model %s", release.version());
        } catch (ModelLoader.BrokenArtifactException | RuntimeException e) {
            metrics.refused();
            Log.errorf("refused release %s, still serving %s: %s", release.version(),
                    models.current().map(ServedModel::version).orElse("nothing"), e.getMessage());
        }
    }
}
