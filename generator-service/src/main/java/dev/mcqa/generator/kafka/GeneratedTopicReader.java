package dev.mcqa.generator.kafka;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.Json;
import dev.mcqa.generator.generation.ItemRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Reads mcqa.generated from the beginning at every start: what each task has, for counts and near-copy checks. */
@ApplicationScoped
public class GeneratedTopicReader {

    @Inject
    ItemRegistry items;

    @Incoming("generated-in")
    public void onItem(String json) {
        items.record(Json.decode(json, GeneratedItem.class));
    }
}
