package dev.mcqa.generator.kafka;

import dev.mcqa.generator.IntakeConfig;
import dev.mcqa.generator.intake.IntakeReport;
import dev.mcqa.generator.intake.RawSeeds;
import dev.mcqa.generator.intake.SeedIntake;
import dev.mcqa.generator.web.IntakeMetrics;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * The raw intake topic (mcqa.seeds.in): seeds from any producer, in the JSON of POST /v1/seeds.
 * Each seed goes through the same intake as REST (rules, duplicates, the broker's acknowledgement on
 * mcqa.seeds); a rejected seed is dead-lettered on its own with its reason and field path. A record
 * that is unusable as a whole (not UTF-8, not JSON, too large) or whose seeds the broker did not take
 * fails here, and the channel's dead-letter strategy writes it, bytes unchanged, with the reason. The
 * record is acknowledged (its offset committed) only after all of that.
 */
@ApplicationScoped
public class RawSeedConsumer {
    @Inject
    SeedIntake intake;

    @Inject
    IntakeMetrics metrics;

    @Inject
    IntakeConfig config;

    @Channel("rejects-out")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) // bounded: one record's seeds at a time
    MutinyEmitter<String> rejects;

    @Incoming("seeds-raw-in")
    @Blocking
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        String source = "kafka:" + record.topic() + "/" + record.partition() + "@" + record.offset();
        RawSeeds.Parsed parsed = RawSeeds.parse(record.value(), config.maxBodySize().asLongValue(), source);
        if (parsed.unusable() != null) {
            metrics.record(IntakeReport.rejected(source, parsed.unusable()));
            throw new IllegalArgumentException(parsed.unusable());
        }
        IntakeReport report = intake.submit(parsed.candidates());
        metrics.record(report);
        for (IntakeReport.Item item : report.items()) {
            if (item.outcome() == IntakeReport.Outcome.REJECTED) {
                RecordHeaders headers = new RecordHeaders();
                KafkaItemSink.header(headers, "dead-letter-reason", "seed rejected: " + item.reason());
                KafkaItemSink.header(headers, "mcqa-source", source);
                KafkaItemSink.send(rejects, item.task() == null ? record.key() : item.task(), parsed.texts().get(item.index()), headers);
            }
        }
        List<IntakeReport.Item> failed = report.items().stream().filter(i -> i.outcome() == IntakeReport.Outcome.FAILED).toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException(failed.size() + " seed(s) of " + source + " not published: " + failed.get(0).reason());
        }
    }
}
