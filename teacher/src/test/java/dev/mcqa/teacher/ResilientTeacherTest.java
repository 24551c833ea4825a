package dev.mcqa.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResilientTeacherTest {
    private static final ChatTeacher.Request REQUEST = new ChatTeacher.Request("s", "u", 1, 0, 0);

    private static ResilientTeacher.Settings settings(int inFlight, Duration giveUp) {
        return new ResilientTeacher.Settings(inFlight, Duration.ofMillis(5), Duration.ofMillis(40), giveUp, 3, Duration.ofMillis(50));
    }

    @Test
    void retriesRetryableFailuresUntilTheyPass() {
        AtomicInteger attempts = new AtomicInteger();
        ResilientTeacher teacher = new ResilientTeacher(failing(attempts, 5, TeacherException.Kind.UNAVAILABLE), settings(1, Duration.ofSeconds(10)));
        assertEquals("ok", teacher.chat(REQUEST).text());
        assertEquals(6, attempts.get());
        assertEquals(5, teacher.retries());
    }

    @Test
    void doesNotRetryARejectedRequestAndGivesUpAfterItsBudget() {
        AtomicInteger attempts = new AtomicInteger();
        ResilientTeacher rejecting = new ResilientTeacher(failing(attempts, 100, TeacherException.Kind.REJECTED), settings(1, Duration.ofSeconds(10)));
        assertEquals(TeacherException.Kind.REJECTED, assertThrows(TeacherException.class, () -> rejecting.chat(REQUEST)).kind());
        assertEquals(1, attempts.get());
        assertThrows(TeacherException.class, () -> rejecting.chat(REQUEST));
        assertEquals(2, rejecting.permanentFailures(), "counted every time (logged once per message)");

        ResilientTeacher down = new ResilientTeacher(failing(new AtomicInteger(), Integer.MAX_VALUE, TeacherException.Kind.RATE_LIMITED), settings(1, Duration.ofMillis(300)));
        long start = System.nanoTime();
        assertThrows(TeacherException.class, () -> down.chat(REQUEST));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos());
    }

    @Test
    void theBreakerOpensAfterFailuresInARow() {
        AtomicInteger attempts = new AtomicInteger();
        ResilientTeacher teacher = new ResilientTeacher(failing(attempts, 3, TeacherException.Kind.UNAVAILABLE), settings(1, Duration.ofSeconds(10)));
        long start = System.nanoTime();
        assertEquals("ok", teacher.chat(REQUEST).text());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(50).toNanos(), "waited while the breaker was open");
    }

    @Test
    void boundsTheCallsInFlight() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        AtomicInteger maxReported = new AtomicInteger();
        ResilientTeacher[] reporting = new ResilientTeacher[1];
        ChatTeacher slow = new ChatTeacher() {
            public String model() {
                return "slow";
            }

            public Reply chat(Request request) {
                max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                maxReported.accumulateAndGet(reporting[0].inFlight(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inFlight.decrementAndGet();
                return new Reply("ok", List.of());
            }
        };
        ResilientTeacher teacher = new ResilientTeacher(slow, settings(3, Duration.ofSeconds(10)));
        reporting[0] = teacher;
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<ChatTeacher.Reply>> replies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            replies.add(pool.submit(() -> teacher.chat(REQUEST)));
        }
        for (Future<ChatTeacher.Reply> reply : replies) {
            assertEquals("ok", reply.get().text());
        }
        pool.shutdown();
        assertEquals(3, max.get());
        assertEquals(3, maxReported.get(), "the in-flight gauge saw every open call");
        assertEquals(0, teacher.inFlight(), "and none once they returned");
    }

    @Test
    void waitsAsLongAsTheServersRetryAfterAndGivesUpAtOnceWhenThatIsPastTheBudget() {
        AtomicInteger attempts = new AtomicInteger();
        List<Long> times = new ArrayList<>();
        ChatTeacher limited = new ChatTeacher() {
            public String model() {
                return "limited";
            }

            public Reply chat(Request request) {
                times.add(System.nanoTime());
                if (attempts.incrementAndGet() == 1) {
                    throw new TeacherException(TeacherException.Kind.RATE_LIMITED, "slow down", null, Duration.ofMillis(400));
                }
                return new Reply("ok", List.of());
            }
        };
        assertEquals("ok", new ResilientTeacher(limited, settings(1, Duration.ofSeconds(10))).chat(REQUEST).text());
        assertTrue(times.get(1) - times.get(0) >= Duration.ofMillis(400).toNanos(),
                "the backoff (5 ms) gives way to Retry-After (400 ms): waited " + (times.get(1) - times.get(0)) / 1_000_000 + " ms");

        attempts.set(0);
        times.clear();
        ChatTeacher hours = new ChatTeacher() {
            public String model() {
                return "out for hours";
            }

            public Reply chat(Request request) {
                attempts.incrementAndGet();
                throw new TeacherException(TeacherException.Kind.RATE_LIMITED, "try again in 114h18m0s", null, Duration.ofHours(114));
            }
        };
        long start = System.nanoTime();
        assertThrows(TeacherException.class, () -> new ResilientTeacher(hours, settings(1, Duration.ofSeconds(10))).chat(REQUEST));
        assertEquals(1, attempts.get(), "a wait past the retry budget is not begun");
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos());
    }

    @Test
    void aRefusalIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        ResilientTeacher teacher = new ResilientTeacher(failing(attempts, 100, TeacherException.Kind.REFUSED), settings(1, Duration.ofSeconds(10)));
        assertEquals(TeacherException.Kind.REFUSED, assertThrows(TeacherException.class, () -> teacher.chat(REQUEST)).kind());
        assertEquals(1, attempts.get());
    }

    private static ChatTeacher failing(AtomicInteger attempts, int failures, TeacherException.Kind kind) {
        return new ChatTeacher() {
            public String model() {
                return "flaky";
            }

            public Reply chat(Request request) {
                if (attempts.incrementAndGet() <= failures) {
                    throw new TeacherException(kind, "injected", null);
                }
                return new Reply("ok", List.of());
            }
        };
    }
}
