package dev.mcqa.generator.intake;

import dev.mcqa.contract.Seed;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seeds read back from mcqa.seeds, by id and by task, plus the ids being published right now.
 * Kafka is the source of truth: the registry is rebuilt by re-reading the topic at start.
 * A seed id seen a second time (a re-delivery, or the same seed published by another instance) is
 * skipped, so nothing downstream of the registry processes a seed twice.
 */
public final class SeedRegistry {
    private final Map<String, Seed> seedsById = new ConcurrentHashMap<>();
    /** The mcqa.seeds partition each recorded seed was read from (absent: recorded without one). */
    private final Map<String, Integer> partitionById = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> admittedTasks = ConcurrentHashMap.newKeySet();
    private final AtomicLong duplicatesSkipped = new AtomicLong();

    /** Reserves an id for publishing; false when the seed is known or already being published. */
    public boolean claim(String id) {
        return !seedsById.containsKey(id) && inFlight.add(id);
    }

    /**
     * Whether a seed of this task may be taken: the task is known, or fewer than {@code maxTasks}
     * tasks are (counting those admitted and not yet read back), so task names stay bounded.
     */
    public synchronized boolean admitTask(String task, int maxTasks) {
        if (admittedTasks.contains(task) || seedsById.values().stream().anyMatch(seed -> seed.task().equals(task))) {
            return true;
        }
        long known = java.util.stream.Stream.concat(admittedTasks.stream(), seedsById.values().stream().map(Seed::task)).distinct().count();
        if (known >= maxTasks) {
            return false;
        }
        admittedTasks.add(task);
        return true;
    }

    /** Gives back a claim whose publishing failed, so that a retry is not taken for a duplicate. */
    public void release(String id) {
        inFlight.remove(id);
    }

    /** Records a seed read from the topic; false (and counted) when its id was recorded before. */
    public boolean record(Seed seed) {
        return record(seed, -1);
    }

    /** As {@link #record(Seed)}, for a seed read from this partition of mcqa.seeds. */
    public boolean record(Seed seed, int partition) {
        boolean added = seedsById.putIfAbsent(seed.id(), seed) == null;
        if (added && partition >= 0) {
            partitionById.put(seed.id(), partition);
        }
        inFlight.remove(seed.id());
        if (!added) {
            duplicatesSkipped.incrementAndGet();
        }
        return added;
    }

    /**
     * Forgets the seeds read from these partitions (assigned to another instance now, which re-reads
     * them): a partition assigned back later is read again from its start without counting duplicates.
     *
     * @return the tasks whose seeds were forgotten
     */
    public Set<String> dropPartitions(java.util.Collection<Integer> partitions) {
        Set<String> tasks = new java.util.TreeSet<>();
        partitionById.entrySet().removeIf(entry -> {
            if (!partitions.contains(entry.getValue())) {
                return false;
            }
            Seed seed = seedsById.remove(entry.getKey());
            if (seed != null) {
                tasks.add(seed.task());
            }
            return true;
        });
        return tasks;
    }

    public SortedMap<String, Integer> countsByTask() {
        SortedMap<String, Integer> counts = new TreeMap<>();
        seedsById.values().forEach(seed -> counts.merge(seed.task(), 1, Integer::sum));
        return counts;
    }

    public List<Seed> seedsOf(String task) {
        return seedsById.values().stream().filter(seed -> seed.task().equals(task)).toList();
    }

    public long duplicatesSkipped() {
        return duplicatesSkipped.get();
    }
}
