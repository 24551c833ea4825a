package dev.mcqa.generator.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.contract.Seed;
import dev.mcqa.generator.intake.SeedRegistry;
import dev.mcqa.teacher.ChatTeacher;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Plain Java: automatic runs against a rebuilt view, and tasks handed to another instance. */
class AutomaticRunsTest {
    private static final String TASK = "astronomy";

    private static SeedRegistry seeds() {
        SeedRegistry seeds = new SeedRegistry();
        seeds.record(Seed.of(TASK, "Which planet is largest?", List.of("Jupiter", "Mars", "Venus", "Earth"), 0, "test"), 0);
        return seeds;
    }

    /** Answers a distinct item per call, each once {@code release} is open. */
    private static ChatTeacher teacher(CountDownLatch release, AtomicInteger calls) {
        return PlainGeneration.teacher(request -> {
            int n = calls.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ChatTeacher.Reply("{\"question\": \"Automatic item " + n + " of this test?\", \"choices\": [\"a" + n + "\", \"b\", \"c\", "
                    + "\"d\"], \"answer\": 0}", List.of());
        });
    }

    private static final ItemSink NOWHERE = PlainGeneration.sink(new java.util.ArrayList<>());

    @Test
    void automaticRunsWaitUntilTheTopicsAreReRead() throws Exception {
        AtomicBoolean rebuilt = new AtomicBoolean();
        CountDownLatch open = new CountDownLatch(0);
        try (Generator generator = PlainGeneration.generator(seeds(), teacher(open, new AtomicInteger()), NOWHERE, false, 3, rebuilt::get)) {
            generator.seedsArrived(TASK);
            Thread.sleep(1000); // five quiet periods
            assertEquals(List.of(), generator.runs(), "no run while the items already made may not all be known");
            rebuilt.set(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (generator.runs().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, generator.runs().size());
            assertEquals(3, generator.runs().get(0).progress().requested());
        }
    }

    @Test
    void aTaskHandedToAnotherInstanceHasItsRunsCancelledAndItsScheduledRunDropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        SeedRegistry seeds = seeds();
        try (Generator generator = PlainGeneration.generator(seeds, teacher(release, calls), NOWHERE, false, 0, () -> true)) {
            GenerationRun run = generator.start(TASK, 20, GenerationMethod.JSON);
            while (calls.get() < 2) { // both workers are inside an item
                Thread.sleep(5);
            }
            assertEquals(Set.of(TASK), seeds.dropPartitions(List.of(0)));
            generator.forget(Set.of(TASK));
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!run.done() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(GenerationRun.State.CANCELLED, run.progress().state());
            assertEquals(2, run.progress().produced(), "the two items begun finish; the other 18 are not made");
            assertEquals(2, calls.get());
            assertTrue(seeds.seedsOf(TASK).isEmpty());
        }
        try (Generator generator = PlainGeneration.generator(seeds(), teacher(new CountDownLatch(0), new AtomicInteger()), NOWHERE, false, 3,
                () -> true)) {
            generator.seedsArrived(TASK);
            generator.forget(Set.of(TASK));
            Thread.sleep(1000);
            assertEquals(List.of(), generator.runs(), "the automatic run scheduled for the task was dropped");
        }
    }
}
