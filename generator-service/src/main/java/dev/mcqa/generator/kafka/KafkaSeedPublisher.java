package dev.mcqa.generator.kafka;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.Seed;
import dev.mcqa.generator.intake.SeedIntake;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes seeds to mcqa.seeds, keyed by task (see docs/contract.md). */
@ApplicationScoped
public class KafkaSeedPublisher implements SeedIntake.Publisher {

    @Channel("seeds-out")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) // bounded by the request size limits
    MutinyEmitter<Record<String, String>> emitter;

    @Override
    public CompletionStage<Void> publish(Seed seed) {
        return emitter.send(Record.of(seed.task(), Json.encode(seed))).subscribeAsCompletionStage();
    }
}
