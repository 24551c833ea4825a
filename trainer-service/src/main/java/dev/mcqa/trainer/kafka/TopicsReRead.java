package dev.mcqa.trainer.kafka;

import dev.mcqa.contract.CatchUp;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * How far mcqa.seeds, mcqa.scored and mcqa.models have been re-read since start: the rebalance
 * listener of the trainer's three readers. Each assigned partition is read from its beginning up to
 * the end offset captured at assignment ({@link CatchUp}); automatic runs and readiness wait for all three.
 */
@ApplicationScoped
@Default // injected by the readers and readiness, and found by SmallRye by its identifier
@Identifier("trainer-rebuild")
public class TopicsReRead implements KafkaConsumerRebalanceListener {
    /** The readers' channels that use this listener: seeds-in, scored-in, models-in. */
    private static final int CHANNELS = 3;
    /** By topic name, as configured for each channel (mcqa.seeds, mcqa.scored, mcqa.models by default). */
    private final Map<String, CatchUp> topics = new ConcurrentHashMap<>();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        consumer.seekToBeginning(partitions);
        partitions.forEach(p -> of(p.topic()).assigned(p.partition(), beginning.get(p), end.get(p)));
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.stream().collect(Collectors.groupingBy(TopicPartition::topic))
                .forEach((topic, lost) -> of(topic).revoked(lost.stream().map(TopicPartition::partition).toList()));
    }

    /** A record of the topic's partition was read. */
    public void read(String topic, int partition, long offset) {
        of(topic).read(partition, offset);
    }

    private CatchUp of(String topic) {
        return topics.computeIfAbsent(topic, CatchUp::new);
    }

    public boolean complete() {
        return topics.size() == CHANNELS && topics.values().stream().allMatch(CatchUp::caughtUp);
    }

    public String describe() {
        String read = topics.values().stream().map(CatchUp::describe).sorted().collect(Collectors.joining("; "));
        return topics.size() == CHANNELS ? read : (read.isEmpty() ? "" : read + "; ") + (CHANNELS - topics.size()) + " topics not assigned yet";
    }
}
