package dev.mcqa.generator.kafka;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.Seed;
import dev.mcqa.generator.generation.Generator;
import dev.mcqa.generator.generation.Rebuild;
import dev.mcqa.generator.intake.SeedRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the mcqa.seeds partitions assigned to this instance from their beginning into the registry
 * (see {@link SeedPartitions}), and tells the generator which tasks got new seeds. A record that
 * breaks the contract throws, and the channel's failure strategy sends it to mcqa.dlq.generator-service.
 */
@ApplicationScoped
public class SeedTopicReader {

    @Inject
    SeedRegistry registry;

    @Inject
    Generator generator;

    @Inject
    Rebuild rebuild;

    @Incoming("seeds-in")
    public void onSeed(ConsumerRecord<String, String> record) {
        rebuild.seeds().read(record.partition(), record.offset());
        Seed seed = Json.decode(record.value(), Seed.class);
        if (registry.record(seed, record.partition())) {
            generator.seedsArrived(seed.task());
        } else {
            Log.debugf("skipped seed %s of %s: seen before", seed.id(), seed.task());
        }
    }
}
