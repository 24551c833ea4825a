package dev.mcqa.generator.kafka;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.Json;
import dev.mcqa.generator.generation.ItemSink;
import dev.mcqa.generator.generation.Rejection;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Items to mcqa.generated (keyed by item id); refused teacher output to mcqa.dlq.generator-service
 * (keyed by task), the raw text as value and the reason in the dead-letter-reason header.
 */
@ApplicationScoped
public class KafkaItemSink implements ItemSink {
    /** Longer than the producer's delivery timeout (120 s by default), so that its verdict, delivered or failed, always comes first. */
    static final Duration SEND_WAIT = Duration.ofSeconds(130);

    @Channel("generated-out")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) // bounded by the generation workers
    MutinyEmitter<String> generated;

    @Channel("rejects-out")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> rejects;

    @Override
    public void publish(GeneratedItem item) {
        send(generated, item.id(), Json.encode(item), new RecordHeaders());
    }

    @Override
    public void reject(Rejection rejection) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "dead-letter-reason", rejection.reason() + ": " + rejection.detail());
        header(headers, "mcqa-task", rejection.task());
        header(headers, "mcqa-run", rejection.runId());
        header(headers, "mcqa-teacher", rejection.teacher());
        send(rejects, rejection.task(), rejection.raw(), headers);
    }

    static void send(MutinyEmitter<String> emitter, String key, String value, RecordHeaders headers) {
        emitter.sendMessage(Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key).withHeaders(headers).build())).await().atMost(SEND_WAIT);
    }

    static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }
}
