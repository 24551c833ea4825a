package dev.mcqa.trainer.core;

import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.Seed;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the trainer learns from: the seeds (hard labels) and the scored items (soft targets), each
 * once by id, with the topic offsets read so far. Kafka is the source of truth: this is rebuilt by
 * re-reading mcqa.seeds and mcqa.scored from the beginning at every start, so a record read twice
 * (a restart, a re-delivery) changes nothing, and none is missed.
 */
public final class Dataset {
    private final Map<String, Seed> seeds = new ConcurrentHashMap<>();
    /** By item id, the key of compacted mcqa.scored: a newer score of the same item replaces the older. */
    private final Map<String, ScoredItem> scored = new ConcurrentHashMap<>();
    private final Map<String, Long> offsets = new ConcurrentHashMap<>();
    private final AtomicLong newScored = new AtomicLong();

    /** What a training run starts from. */
    public record Snapshot(List<Seed> seeds, List<ScoredItem> scored, Map<String, Long> offsets) {
    }

    /** @return true if the seed was new */
    public boolean add(Seed seed, String topic, int partition, long offset) {
        advance(topic, partition, offset);
        return seeds.putIfAbsent(seed.id(), seed) == null;
    }

    /** @return true if the item was new (a re-score of a known item replaces it but is not new) */
    public boolean add(ScoredItem item, String topic, int partition, long offset) {
        advance(topic, partition, offset);
        boolean added = scored.put(item.item().id(), item) == null;
        if (added) {
            newScored.incrementAndGet();
        }
        return added;
    }

    public int seedCount() {
        return seeds.size();
    }

    public int scoredCount() {
        return scored.size();
    }

    /** SHA-256 over the sorted seed ids and scored item ids: equal for equal datasets, whatever the reading order. */
    public String idsDigest() {
        StringBuilder ids = new StringBuilder();
        seeds.keySet().stream().sorted().forEach(id -> ids.append("seed:").append(id).append('\n'));
        scored.keySet().stream().sorted().forEach(id -> ids.append("item:").append(id).append('\n'));
        return ModelStore.sha256(ids.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Scored items that arrived since the last {@link #markTrained}. */
    public long newScored() {
        return newScored.get();
    }

    /** The items of a snapshot are in a run: only later arrivals count as new. */
    public void markTrained(Snapshot snapshot) {
        newScored.addAndGet(-Math.min(newScored.get(), snapshot.scored().size()));
    }

    /** Sorted by id, so that the same data gives the same run. */
    public Snapshot snapshot() {
        return new Snapshot(seeds.values().stream().sorted(Comparator.comparing(Seed::id)).toList(),
                scored.values().stream().sorted(Comparator.comparing(s -> s.item().id())).toList(),
                new TreeMap<>(offsets));
    }

    private void advance(String topic, int partition, long offset) {
        offsets.merge(topic + ":" + partition, offset + 1, Math::max);
    }
}
