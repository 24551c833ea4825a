package dev.mcqa.generator.kafka;

import dev.mcqa.contract.CatchUp;
import dev.mcqa.contract.Topics;
import dev.mcqa.generator.generation.Generator;
import dev.mcqa.generator.generation.Rebuild;
import dev.mcqa.generator.intake.SeedRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The rebalance listeners of the generator's two readers. Nothing is committed: an assigned
 * partition is read from its beginning up to the end offset captured now ({@link CatchUp}); the
 * generator's automatic runs and readiness wait for that. A revoked mcqa.seeds partition's seeds
 * are forgotten and its tasks' runs cancelled: its new owner re-reads it and generates for them.
 */
public final class SeedPartitions {

    private SeedPartitions() {
    }

    static void assigned(CatchUp catchUp, Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        consumer.seekToBeginning(partitions);
        partitions.forEach(p -> catchUp.assigned(p.partition(), beginning.get(p), end.get(p)));
    }

    static List<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).toList();
    }

    /** mcqa.seeds, read in the generator's consumer group: each task has one owning instance. */
    @ApplicationScoped
    @Identifier("seeds-rebalance")
    public static class Seeds implements KafkaConsumerRebalanceListener {
        @Inject
        Rebuild rebuild;

        @Inject
        SeedRegistry registry;

        @Inject
        Generator generator;

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            assigned(rebuild.seeds(), consumer, partitions);
            // A task taken over may have items its previous owner published just before it let go
            // (handOver): no automatic run counts them until mcqa.generated is read at least this far.
            List<TopicPartition> items = consumer.partitionsFor(Topics.GENERATED).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<Integer, Long> ends = new HashMap<>();
            consumer.endOffsets(items).forEach((p, end) -> ends.put(p.partition(), end));
            rebuild.items().reachAtLeast(ends);
        }

        @Override
        public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            rebuild.seeds().revoked(numbers(partitions));
            generator.handOver(() -> registry.dropPartitions(numbers(partitions)));
        }
    }

    /** mcqa.generated, every partition read by every instance. */
    @ApplicationScoped
    @Identifier("generated-rebalance")
    public static class Items implements KafkaConsumerRebalanceListener {
        @Inject
        Rebuild rebuild;

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            assigned(rebuild.items(), consumer, partitions);
        }

        @Override
        public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            rebuild.items().revoked(numbers(partitions));
        }
    }
}
