package dev.mcqa.trainer.kafka;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.trainer.core.Dataset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The current release, read from mcqa.models (from the beginning at every start): the gate's bar. */
@ApplicationScoped
public class ReleaseHistory {
    private final AtomicReference<ModelRelease> current = new AtomicReference<>();
    private volatile long currentOffset = -1;
    /** The newest releases by offset, oldest first, for comparing one release with the one before it. */
    private final Deque<ModelRelease> recent = new ArrayDeque<>();
    private static final int RECENT = 50;

    @Inject
    Dataset dataset;

    @Inject
    TopicsReRead reRead;

    /**
     * Keeps the newest release by offset on mcqa.models (its one partition is the publishing order; a
     * release's createdAt is not trusted, so a clock in the future cannot pin the gate's bar), and
     * marks what that release was trained on, so that only later items count as new.
     */
    @Incoming("models-in")
    public void onRelease(ConsumerRecord<String, String> record) {
        reRead.read(record.topic(), record.partition(), record.offset());
        ModelRelease release = Json.decode(record.value(), ModelRelease.class);
        if (record.offset() > currentOffset) {
            currentOffset = record.offset();
            current.set(release);
            dataset.markReleased(release.lineage().offsets());
            synchronized (recent) {
                recent.addLast(release);
                if (recent.size() > RECENT) {
                    recent.removeFirst();
                }
            }
        }
    }

    /** The last 50 releases, oldest first. */
    public List<ModelRelease> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    public Optional<ModelRelease> current() {
        return Optional.ofNullable(current.get());
    }
}
