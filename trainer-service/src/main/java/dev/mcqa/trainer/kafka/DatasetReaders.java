package dev.mcqa.trainer.kafka;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.Seed;
import dev.mcqa.trainer.StartupTraining;
import dev.mcqa.trainer.TrainingConfig;
import dev.mcqa.trainer.core.Dataset;
import dev.mcqa.trainer.core.Trainer;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Fills the dataset from mcqa.seeds and mcqa.scored, read from the beginning at every start (Kafka is
 * the source of truth; nothing is committed; every instance reads every partition, see {@link TopicsReRead}). A record that breaks the contract goes to
 * mcqa.dlq.trainer-service with the reason. New scored items may start a run (mcqa.training.trigger-after).
 */
@ApplicationScoped
public class DatasetReaders {

    @Inject
    Dataset dataset;

    @Inject
    Trainer trainer;

    @Inject
    TrainingConfig config;

    @Inject
    StartupTraining startup;

    @Inject
    TopicsReRead reRead;

    @Incoming("seeds-in")
    public CompletionStage<Void> onSeed(IncomingKafkaRecord<String, String> record) {
        reRead.read(record.getTopic(), record.getPartition(), record.getOffset());
        try {
            dataset.add(Json.decode(record.getPayload(), Seed.class), record.getTopic(), record.getPartition(), record.getOffset());
            return record.ack();
        } catch (RuntimeException e) {
            return record.nack(e);
        }
    }

    @Incoming("scored-in")
    public CompletionStage<Void> onScored(IncomingKafkaRecord<String, String> record) {
        reRead.read(record.getTopic(), record.getPartition(), record.getOffset());
        try {
            if (dataset.add(Json.decode(record.getPayload(), ScoredItem.class), record.getTopic(), record.getPartition(), record.getOffset())
                    && startup.caughtUp()) {
                trainer.scoredArrived(config.triggerAfter());
            }
            return record.ack();
        } catch (RuntimeException e) {
            return record.nack(e);
        }
    }
}
