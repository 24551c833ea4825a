package dev.mcqa.scorer.kafka;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.scorer.scoring.LetterScorer;
import dev.mcqa.scorer.scoring.NoLetterSignalException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * mcqa.generated to mcqa.scored (keyed by item id). Items are scored concurrently on the "scoring"
 * worker pool; a record counts as done only when its scored copy is acknowledged by the broker. A
 * record that breaks the contract, whose teacher stayed unreachable past the retry budget, or whose
 * teacher gave no letter signal (no-letter-mass), goes to mcqa.dlq.scorer-service with the reason,
 * and consumption goes on. Metrics: the letter mass of scored items, items without letter signal.
 */
@ApplicationScoped
public class ScoringConsumer {
    /** Longer than the producer's delivery timeout (120 s by default), so that its verdict, delivered or failed, always comes first. */
    static final Duration SEND_WAIT = Duration.ofSeconds(130);

    @Inject
    LetterScorer scorer;

    @Inject
    MeterRegistry meters;

    @Channel("scored-out")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) // bounded by the worker pool
    MutinyEmitter<Record<String, String>> scored;

    @Incoming("generated-in")
    @Blocking(value = "scoring", ordered = false)
    public void onItem(String json) {
        GeneratedItem item = Json.decode(json, GeneratedItem.class);
        Timer.Sample sample = Timer.start(meters);
        ScoredItem result;
        try {
            result = scorer.score(item);
        } catch (NoLetterSignalException e) {
            meters.counter("mcqa.scoring.no.letter.signal", "task", item.task()).increment();
            throw e; // dead-lettered with its reason (no-letter-mass)
        }
        if (result.letterMass() != null) {
            meters.summary("mcqa.scoring.letter.mass").record(result.letterMass());
        }
        sample.stop(meters.timer("mcqa.scoring.duration", "method", result.scoringMethod().name().toLowerCase()));
        scored.send(Record.of(item.id(), Json.encode(result))).await().atMost(SEND_WAIT);
        meters.counter("mcqa.scored.items", "method", result.scoringMethod().name().toLowerCase(), "task", item.task()).increment();
    }
}
