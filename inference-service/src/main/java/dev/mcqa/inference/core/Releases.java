package dev.mcqa.inference.core;

import dev.mcqa.contract.ModelRelease;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which release to serve, from those seen on mcqa.models: the newest by topic offset (the order the
 * trainer published them in, on the topic's one partition; a release's own {@code createdAt} is not
 * trusted, so a clock in the future cannot pin a model). A release that fails to load is tried again
 * with growing waits, and meanwhile the newest older release that loads is served, so one broken
 * release neither blanks a new pod nor stops the next good one.
 */
public final class Releases {

    /** A release and its offset on mcqa.models. */
    public record Candidate(ModelRelease release, long offset) {
    }

    private record Refusal(int attempts, Instant retryAt) {
    }

    private final Duration firstRetry;
    private final Duration maxRetry;
    private final TreeMap<Long, Candidate> byOffset = new TreeMap<>();
    private final Map<Long, Refusal> refusals = new HashMap<>();
    private long servedOffset = -1;

    /** @param firstRetry wait before a refused release is tried again; doubled per refusal up to {@code maxRetry} */
    public Releases(Duration firstRetry, Duration maxRetry) {
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
    }

    public synchronized void offer(ModelRelease release, long offset) {
        if (offset > servedOffset) {
            byOffset.putIfAbsent(offset, new Candidate(release, offset));
        }
    }

    /**
     * The release to load now: the newest newer than the one served (any, while none is) that is not
     * waiting out a refusal; empty when there is none.
     */
    public synchronized Optional<Candidate> next(Instant now) {
        for (Candidate candidate : byOffset.descendingMap().values()) {
            Refusal refusal = refusals.get(candidate.offset());
            if (refusal == null || !refusal.retryAt().isAfter(now)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** When a refused release is next due, if any is waiting. */
    public synchronized Optional<Instant> nextRetry() {
        return byOffset.keySet().stream().map(refusals::get).filter(r -> r != null).map(Refusal::retryAt).min(Instant::compareTo);
    }

    /** The candidate is served now: it and everything older are done with. */
    public synchronized void served(Candidate candidate) {
        servedOffset = Math.max(servedOffset, candidate.offset());
        byOffset.headMap(servedOffset, true).keySet().forEach(refusals::remove);
        byOffset.headMap(servedOffset, true).clear();
    }

    /** The candidate failed to load: it is tried again after a wait that doubles with each refusal. */
    public synchronized Duration refused(Candidate candidate, Instant now) {
        int attempts = refusals.containsKey(candidate.offset()) ? refusals.get(candidate.offset()).attempts() + 1 : 1;
        Duration wait = firstRetry.multipliedBy(1L << Math.min(attempts - 1, 20));
        wait = wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
        refusals.put(candidate.offset(), new Refusal(attempts, now.plus(wait)));
        return wait;
    }

    /** The offset of the release served, or -1. */
    public synchronized long servedOffset() {
        return servedOffset;
    }
}
