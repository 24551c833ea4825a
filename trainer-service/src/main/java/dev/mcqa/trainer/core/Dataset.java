package dev.mcqa.trainer.core;

import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.Seed;
import dev.mcqa.store.Artifact;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

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
    /** Where each scored item was read ("topic:partition" and offset), to tell trained items from new ones. */
    private final Map<String, Map.Entry<String, Long>> scoredAt = new ConcurrentHashMap<>();
    /** Per "topic:partition", the next offset after what this process's last run trained on. */
    private final Map<String, Long> trainedUpTo = new ConcurrentHashMap<>();
    /** Per "topic:partition", the next offset after what the release being served was trained on (its lineage only). */
    private volatile Map<String, Long> releasedUpTo = Map.of();
    /** Scored items beyond both marks: kept up to date per record (the trigger asks at every record), recounted when a mark moves. */
    private long newScored;

    /** What a training run starts from. */
    public record Snapshot(List<Seed> seeds, List<ScoredItem> scored, Map<String, Long> offsets) {
    }

    /** @return true if the seed was new */
    public synchronized boolean add(Seed seed, String topic, int partition, long offset) {
        advance(topic, partition, offset);
        return seeds.putIfAbsent(seed.id(), seed) == null;
    }

    /** @return true if the item was new (a re-score of a known item replaces it but is not new) */
    public synchronized boolean add(ScoredItem item, String topic, int partition, long offset) {
        advance(topic, partition, offset);
        Map.Entry<String, Long> at = Map.entry(topic + ":" + partition, offset);
        Map.Entry<String, Long> before = scoredAt.put(item.item().id(), at);
        newScored += (isNew(at) ? 1 : 0) - (before != null && isNew(before) ? 1 : 0);
        return scored.put(item.item().id(), item) == null;
    }

    private boolean isNew(Map.Entry<String, Long> at) {
        return at.getValue() >= Math.max(trainedUpTo.getOrDefault(at.getKey(), 0L), releasedUpTo.getOrDefault(at.getKey(), 0L));
    }

    private void recount() {
        newScored = scoredAt.values().stream().filter(this::isNew).count();
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
        return Artifact.sha256(ids.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Scored items read at offsets beyond what was trained on: after a restart, the items re-read from
     * the topic that the current release was trained on do not count as new.
     */
    public synchronized long newScored() {
        return newScored;
    }

    /** Records that everything before these offsets ("topic:partition" to next offset) is trained on. */
    public synchronized void markTrained(Map<String, Long> upTo) {
        upTo.forEach((partition, next) -> trainedUpTo.merge(partition, next, Math::max));
        recount();
    }

    /**
     * The release now served was trained on everything before these offsets; it replaces what an
     * earlier release said, so a superseded release's lineage (however large its offsets) counts no more.
     */
    public synchronized void markReleased(Map<String, Long> upTo) {
        releasedUpTo = Map.copyOf(upTo);
        recount();
    }

    /**
     * Sorted by id, so that the same data gives the same run; taken under the same lock as records
     * are added, so that its offsets are exactly those of its seeds and items (the release's lineage).
     */
    public synchronized Snapshot snapshot() {
        return new Snapshot(seeds.values().stream().sorted(Comparator.comparing(Seed::id)).toList(),
                scored.values().stream().sorted(Comparator.comparing(s -> s.item().id())).toList(),
                new TreeMap<>(offsets));
    }

    private void advance(String topic, int partition, long offset) {
        offsets.merge(topic + ":" + partition, offset + 1, Math::max);
    }
}
