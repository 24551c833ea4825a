package dev.mcqa.inference.kafka;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.inference.InferenceConfig;
import dev.mcqa.inference.InferenceMetrics;
import dev.mcqa.inference.StoreConfig;
import dev.mcqa.inference.core.ModelHolder;
import dev.mcqa.inference.core.ModelLoader;
import dev.mcqa.inference.core.Releases;
import dev.mcqa.inference.core.ServedModel;
import dev.mcqa.store.ModelStore;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows mcqa.models (from the beginning at every start) and serves the newest release by topic
 * offset that loads ({@link Releases}): it is loaded, checked and warmed up off the request path,
 * then swapped in. A release that fails to load is refused with a log line, the newest older one
 * that loads is served meanwhile (or the current model keeps serving), and the refused one is tried
 * again after 5 s, doubling up to 5 min. A configured model directory is served from start.
 */
@ApplicationScoped
public class ModelFollower {
    private final Releases releases = new Releases(Duration.ofSeconds(5), Duration.ofMinutes(5));
    private volatile boolean stopping;
    private final ScheduledExecutorService loader = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "model-loader"));

    @Inject
    ModelHolder models;

    @Inject
    ModelLoader modelLoader;

    @Inject
    InferenceConfig config;

    @Inject
    StoreConfig storeConfig;

    @Inject
    ModelStore store;

    @Inject
    InferenceMetrics metrics;

    void onStart(@Observes StartupEvent event) {
        if (storeConfig.uri().isEmpty()) {
            Log.warn("mcqa.store.uri is not set: a release on mcqa.models may name any file: path on this host");
        } else {
            Log.infof("releases are read from the model store %s", store.location());
        }
        config.modelDir().ifPresent(dir -> loader.submit(() -> {
            if (stopping) {
                return;
            }
            Path directory = Path.of(dir);
            try {
                String version = directory.getFileName().toString();
                Log.infof("loading %s from the configured directory %s", version, directory);
                models.swap(modelLoader.load(directory, directory.toUri().toString(), version, null));
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
    public void onRelease(ConsumerRecord<String, String> record) {
        releases.offer(Json.decode(record.value(), ModelRelease.class), record.offset());
        loadNewestAfter(Duration.ZERO);
    }

    private void loadNewestAfter(Duration delay) {
        try {
            loader.schedule(this::loadNewest, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // stopping: the next start reads the topic from the beginning again
        }
    }

    /** Loads the releases due, newest first, until one is served or none is left to try now. */
    private void loadNewest() {
        for (Optional<Releases.Candidate> next = releases.next(Instant.now()); next.isPresent() && !stopping;
             next = releases.next(Instant.now())) {
            ModelRelease release = next.get().release();
            try {
                Log.infof("loading model %s (offset %d) from %s", release.version(), next.get().offset(), release.artifactUri());
                ServedModel model = modelLoader.load(fetch(release), release.artifactUri(), release.version(), release.sha256());
                models.swap(model);
                releases.served(next.get());
                metrics.served(release.version());
                Log.infof("serving model %s", release.version());
            } catch (ModelLoader.BrokenArtifactException | RuntimeException e) {
                if (stopping) {
                    Log.infof("stopped while loading %s (%s)", release.version(), e.getMessage());
                    return;
                }
                Duration wait = releases.refused(next.get(), Instant.now());
                metrics.refused();
                Log.errorf("refused release %s, tried again in %d s; serving %s: %s", release.version(), wait.toSeconds(),
                        models.current().map(ServedModel::version).orElse("nothing yet"), e.getMessage());
                loadNewestAfter(wait);
            } finally {
                freeCachedCopies();
            }
        }
    }

    private Path fetch(ModelRelease release) throws ModelLoader.BrokenArtifactException {
        try {
            return store.fetch(URI.create(release.artifactUri()));
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoader.BrokenArtifactException("cannot fetch " + release.version() + ": " + e.getMessage(), e);
        }
    }

    /** Local copies of artifacts not served (replaced, refused) go; the store keeps every version. */
    private void freeCachedCopies() {
        try {
            store.keepOnly(models.current().map(model -> Set.of(URI.create(model.artifactUri()))).orElse(Set.of()));
        } catch (IOException e) {
            Log.warnf("cannot free cached model copies: %s", e.getMessage());
        }
    }
}
