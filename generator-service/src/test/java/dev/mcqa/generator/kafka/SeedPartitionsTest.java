package dev.mcqa.generator.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.CatchUp;
import dev.mcqa.contract.Topics;
import dev.mcqa.generator.generation.Rebuild;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Plain Java, with Kafka's MockConsumer: what taking over mcqa.seeds partitions asks of the item view. */
class SeedPartitionsTest {

    @Test
    void takingOverATaskWaitsUntilTheItemsPublishedSoFarAreRead() {
        Rebuild rebuild = new Rebuild(new CatchUp(Topics.SEEDS), new CatchUp(Topics.GENERATED));
        rebuild.items().assigned(0, 0, 2); // this instance's item reader, started earlier
        rebuild.items().read(0, 1);
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        Node broker = new Node(1, "localhost", 9092);
        consumer.updatePartitions(Topics.GENERATED, List.of(new PartitionInfo(Topics.GENERATED, 0, broker, null, null)));
        TopicPartition seeds = new TopicPartition(Topics.SEEDS, 0);
        consumer.updateBeginningOffsets(Map.of(seeds, 0L));
        consumer.updateEndOffsets(Map.of(seeds, 0L, new TopicPartition(Topics.GENERATED, 0), 5L)); // the previous owner published up to 5
        consumer.assign(List.of(seeds));
        SeedPartitions.Seeds listener = new SeedPartitions.Seeds();
        listener.rebuild = rebuild;
        assertTrue(rebuild.items().caughtUp());

        listener.onPartitionsAssigned(consumer, List.of(seeds));

        assertFalse(rebuild.complete(), "the tasks taken over may have items this instance has not read yet");
        rebuild.items().read(0, 4);
        assertTrue(rebuild.complete());
    }
}
