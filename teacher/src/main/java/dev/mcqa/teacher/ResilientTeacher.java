package dev.mcqa.teacher;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A teacher with bounded concurrency, retries and a circuit breaker. At most {@code maxInFlight}
 * calls run at once (callers wait for a slot). A retryable failure (429, 5xx, timeout) is retried
 * with exponential backoff and jitter (or after the server's {@code Retry-After}, when longer) until
 * {@code giveUpAfter} has passed, so an outage shorter than
 * that delays work but loses none. After {@code breakerThreshold} failures in a row the breaker opens
 * for {@code breakerOpenFor}: calls wait instead of hammering a failing endpoint, then one at a time
 * probe it again.
 */
public final class ResilientTeacher implements ChatTeacher {
    private static final Logger LOG = Logger.getLogger(ResilientTeacher.class.getName());

    public record Settings(int maxInFlight, Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter,
                           int breakerThreshold, Duration breakerOpenFor) {
        public Settings {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1");
            }
        }
    }

    private final ChatTeacher teacher;
    private final Settings settings;
    private final Semaphore slots;
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final AtomicLong openUntilNanos = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong permanentFailures = new AtomicLong();
    /** Permanent failures already logged, by message: a wrong key or an empty quota fails every call alike. */
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    public ResilientTeacher(ChatTeacher teacher, Settings settings) {
        this.teacher = teacher;
        this.settings = settings;
        this.slots = new Semaphore(settings.maxInFlight(), true);
    }

    @Override
    public String model() {
        return teacher.model();
    }

    @Override
    public Reply chat(Request request) {
        long deadline = System.nanoTime() + settings.giveUpAfter().toNanos();
        long backoff = settings.initialBackoff().toNanos();
        slots.acquireUninterruptibly();
        try {
            while (true) {
                waitWhileOpen();
                try {
                    calls.incrementAndGet();
                    Reply reply = teacher.chat(request);
                    failuresInARow.set(0);
                    return reply;
                } catch (TeacherException e) {
                    failures.incrementAndGet();
                    long wait = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
                    // The server's own Retry-After wins over our backoff when longer; past the deadline we give up now.
                    wait = Math.max(wait, e.retryAfter().map(Duration::toNanos).orElse(0L));
                    if (!e.retryable()) {
                        permanentFailures.incrementAndGet();
                        if (logged.size() < 100 && logged.add(String.valueOf(e.getMessage()))) {
                            LOG.warning(() -> "teacher " + teacher.model() + " refused a call, not retried (logged once per message): "
                                    + e.getMessage());
                        }
                        throw e;
                    }
                    if (System.nanoTime() + wait > deadline) {
                        throw e;
                    }
                    if (failuresInARow.incrementAndGet() >= settings.breakerThreshold()) {
                        openUntilNanos.set(System.nanoTime() + settings.breakerOpenFor().toNanos());
                    }
                    retries.incrementAndGet();
                    sleepNanos(wait);
                    backoff = Math.min(backoff * 2, settings.maxBackoff().toNanos());
                }
            }
        } finally {
            slots.release();
        }
    }

    /** Calls holding a slot now: waiting for the server, or for a retry. */
    public int inFlight() {
        return settings.maxInFlight() - slots.availablePermits();
    }

    /** Calls made, retries and failures (each failed attempt) so far. */
    public long calls() {
        return calls.get();
    }

    public long retries() {
        return retries.get();
    }

    public long failures() {
        return failures.get();
    }

    /** Calls that failed for good at once (4xx but 429, refusals): not retried. */
    public long permanentFailures() {
        return permanentFailures.get();
    }

    public boolean breakerOpen() {
        return System.nanoTime() < openUntilNanos.get();
    }

    private void waitWhileOpen() {
        long wait;
        while ((wait = openUntilNanos.get() - System.nanoTime()) > 0) {
            sleepNanos(wait);
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(Math.max(0, nanos)).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TeacherException(TeacherException.Kind.UNAVAILABLE, "interrupted while waiting to retry", e);
        }
    }
}
