package dev.mcqa.generator.kafka;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.Json;
import dev.mcqa.generator.generation.ItemRegistry;
import dev.mcqa.generator.generation.Rebuild;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads every partition of mcqa.generated from the beginning at every start (a consumer group of its
 * own per instance, see application.properties): what each task has, for counts and near-copy checks.
 */
@ApplicationScoped
public class GeneratedTopicReader {

    @Inject
    ItemRegistry items;

    @Inject
    Rebuild rebuild;

    @Incoming("generated-in")
    public void onItem(ConsumerRecord<String, String> record) {
        rebuild.items().read(record.partition(), record.offset());
        items.record(Json.decode(record.value(), GeneratedItem.class));
    }
}
