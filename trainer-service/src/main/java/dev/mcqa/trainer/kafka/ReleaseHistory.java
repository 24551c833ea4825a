package dev.mcqa.trainer.kafka;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.trainer.core.Dataset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The current release, read from mcqa.models (from the beginning at every start): the gate's bar. */
@ApplicationScoped
public class ReleaseHistory {
    private final AtomicReference<ModelRelease> current = new AtomicReference<>();

    @Inject
    Dataset dataset;

    /** Keeps the newest release, and marks what it was trained on, so that only later items count as new. */
    @Incoming("models-in")
    public void onRelease(String json) {
        ModelRelease release = Json.decode(json, ModelRelease.class);
        current.accumulateAndGet(release, (old, now) -> old == null || now.createdAt().isAfter(old.createdAt()) ? now : old);
        dataset.markTrained(release.lineage().offsets());
    }

    public Optional<ModelRelease> current() {
        return Optional.ofNullable(current.get());
    }
}
