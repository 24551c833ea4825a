package dev.mcqa.contract;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a topic has been re-read: for each partition assigned to this instance, the end offset
 * captured when it was assigned and the next offset to read. Caught up when every assigned
 * partition has been read to its captured end, so that state rebuilt from the topic is complete
 * before anything is decided on it. Thread-safe.
 */
public final class CatchUp {
    private final String topic;
    private final Map<Integer, long[]> partitions = new TreeMap<>(); // partition -> {end, next}
    private boolean assignedOnce;

    public CatchUp(String topic) {
        this.topic = topic;
    }

    /** A partition assigned, read from its first offset ({@code beginning}) up to its end offset at assignment. */
    public synchronized void assigned(int partition, long beginning, long end) {
        partitions.put(partition, new long[] {end, beginning});
        assignedOnce = true;
    }

    /**
     * Raises the captured end of assigned partitions to at least these offsets (by partition): not
     * caught up again until read that far. Partitions not assigned here are left alone: their end is
     * captured when they are.
     */
    public synchronized void reachAtLeast(Map<Integer, Long> ends) {
        ends.forEach((partition, end) -> {
            long[] position = partitions.get(partition);
            if (position != null) {
                position[0] = Math.max(position[0], end);
            }
        });
    }

    public synchronized void revoked(Collection<Integer> lost) {
        lost.forEach(partitions::remove);
    }

    /** A record of a partition was read. */
    public synchronized void read(int partition, long offset) {
        long[] position = partitions.get(partition);
        if (position != null) {
            position[1] = Math.max(position[1], offset + 1);
        }
    }

    public synchronized boolean caughtUp() {
        return assignedOnce && partitions.values().stream().allMatch(p -> p[1] >= p[0]);
    }

    /** What is left to read, for readiness: e.g. "mcqa.seeds partition 0 at 120 of 500". */
    public synchronized String describe() {
        if (!assignedOnce) {
            return topic + ": no partitions assigned yet";
        }
        StringBuilder out = new StringBuilder();
        partitions.forEach((partition, p) -> {
            if (p[1] < p[0]) {
                out.append(out.isEmpty() ? "" : ", ").append(topic).append(" partition ").append(partition).append(" at ").append(p[1])
                        .append(" of ").append(p[0]);
            }
        });
        return out.isEmpty() ? topic + ": caught up" : out.toString();
    }
}
