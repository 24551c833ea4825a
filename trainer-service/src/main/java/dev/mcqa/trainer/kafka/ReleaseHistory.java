package dev.mcqa.trainer.kafka;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.ModelRelease;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The current release, read from mcqa.models (from the beginning at every start): the gate's bar. */
@ApplicationScoped
public class ReleaseHistory {
    private final AtomicReference<ModelRelease> current = new AtomicReference<>();

    @Incoming("models-in")
    public void onRelease(String json) {
        ModelRelease release = Json.decode(json, ModelRelease.class);
        current.accumulateAndGet(release, (old, now) -> old == null || now.createdAt().isAfter(old.createdAt()) ? now : old);
    }

    public Optional<ModelRelease> current() {
        return Optional.ofNullable(current.get());
    }
}
