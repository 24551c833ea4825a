package dev.mcqa.trainer.kafka;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.trainer.core.Trainer;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Releases to mcqa.models, keyed by task scope (compacted: the newest per scope survives). */
@ApplicationScoped
public class KafkaReleasePublisher implements Trainer.ReleaseSink {
    /** Longer than the producer's delivery timeout (120 s by default), so that its verdict, delivered or failed, always comes first. */
    static final Duration SEND_WAIT = Duration.ofSeconds(130);

    @Channel("models-out")
    MutinyEmitter<Record<String, String>> models;

    @Override
    public void publish(ModelRelease release) {
        models.send(Record.of(release.taskScope(), Json.encode(release))).await().atMost(SEND_WAIT);
    }
}
