package dev.mcqa.generator.kafka;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.Seed;
import dev.mcqa.generator.generation.Generator;
import dev.mcqa.generator.intake.SeedRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads mcqa.seeds from the beginning at every start into the registry, and tells the generator
 * which tasks got new seeds. A record that breaks the
 * contract throws, and the channel's failure strategy sends it to mcqa.dlq.generator-service.
 */
@ApplicationScoped
public class SeedTopicReader {

    @Inject
    SeedRegistry registry;

    @Inject
    Generator generator;

    @Incoming("seeds-in")
    public void onSeed(String json) {
        Seed seed = Json.decode(json, Seed.class);
        if (registry.record(seed)) {
            generator.seedsArrived(seed.task());
        } else {
            Log.debugf("skipped seed %s of %s: seen before", seed.id(), seed.task());
        }
    }
}
