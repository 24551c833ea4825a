package dev.mcqa.inference.kafka;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.inference.InferenceConfig;
import dev.mcqa.inference.InferenceMetrics;
import dev.mcqa.inference.core.ModelHolder;
import dev.mcqa.inference.core.ModelLoader;
import dev.mcqa.inference.core.ServedModel;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
    private volatile boolean stopping;
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
            if (stopping) {
                return;
            }
            Path directory = Path.of(dir);
            try {
                String version = directory.getFileName().toString();
                Log.infof("loading %s from the configured directory %s", version, directory);
                models.swap(modelLoader.load(directory, version, null));
                metrics.served(version);
                Log.infof("serving %s from the configured directory %s", directory.getFileName(), directory);
            } catch (ModelLoader.BrokenArtifactException e) {
                if (stopping) {
                    Log.infof("stopped while loading %s (%s)", directory.getFileName(), e.getMessage());
                    return;
                }
                metrics.refused();
                Log.errorf("the configured model directory cannot be served: %s", e.getMessage());
            }
        }));
    }

    /** A process that exits while ONNX Runtime opens a model crashes in native code (seen: SIGSEGV on SIGTERM). */
    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true; // loads not started return at once; the one running finishes
        loader.shutdown();
        if (!loader.awaitTermination(30, TimeUnit.SECONDS)) {
            Log.warn("a model was still loading after 30 s of shutdown");
        }
    }

    @Incoming("models-in")
    public void onRelease(String json) {
        ModelRelease release = Json.decode(json, ModelRelease.class);
        ModelRelease now = newest.accumulateAndGet(release, (old, next) -> old == null || next.createdAt().isAfter(old.createdAt()) ? next : old);
        if (now == release) {
            try {
                loader.submit(() -> load(release));
            } catch (RejectedExecutionException stopped) {
                // stopping: the next start reads the topic from the beginning again
            }
        }
    }

    private void load(ModelRelease release) {
        if (newest.get() != release || stopping) {
            return; // superseded while waiting, or stopping
        }
        try {
            Log.infof("loading model %s from %s", release.version(), release.artifactUri());
            ServedModel model = modelLoader.load(Path.of(URI.create(release.artifactUri())), release.version(), release.sha256());
            models.swap(model);
            metrics.served(release.version());
            Log.infof("serving model %s", release.version());
        } catch (ModelLoader.BrokenArtifactException | RuntimeException e) {
            if (stopping) {
                Log.infof("stopped while loading %s (%s)", release.version(), e.getMessage());
                return;
            }
            metrics.refused();
            Log.errorf("refused release %s, still serving %s: %s", release.version(),
                    models.current().map(ServedModel::version).orElse("nothing"), e.getMessage());
        }
    }
}
