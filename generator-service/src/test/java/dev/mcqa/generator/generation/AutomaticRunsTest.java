package dev.mcqa.generator.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.contract.Seed;
import dev.mcqa.generator.intake.SeedRegistry;
import dev.mcqa.teacher.ChatTeacher;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
        try (Generator generator = PlainGeneration.generator(seeds(), teacher(open, new AtomicInteger()), NOWHERE, false, 3, 0, rebuilt::get)) {
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
    void aTaskHandedToAnotherInstanceHasItsRunsCancelledItsLateItemsDroppedAndItsScheduledRunDropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        SeedRegistry seeds = seeds();
        List<GeneratedItem> published = new CopyOnWriteArrayList<>();
        try (Generator generator = PlainGeneration.generator(seeds, teacher(release, calls), PlainGeneration.keeping(published), false, 0,
                0, () -> true)) {
            GenerationRun run = generator.start(TASK, 20, GenerationMethod.JSON);
            while (calls.get() < 2) { // both workers are inside an item
                Thread.sleep(5);
            }
            assertEquals(Set.of(TASK), generator.handOver(() -> seeds.dropPartitions(List.of(0))));
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!run.done() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(GenerationRun.State.CANCELLED, run.progress().state());
            assertEquals(0, run.progress().produced(), "the two items begun end after the hand-over: the new owner may have counted without them");
            assertEquals(List.of(), published);
            assertEquals(2, calls.get(), "the other 18 are not made");
            assertTrue(seeds.seedsOf(TASK).isEmpty());
        }
        try (Generator generator = PlainGeneration.generator(seeds(), teacher(new CountDownLatch(0), new AtomicInteger()), NOWHERE, false, 3,
                0, () -> true)) {
            generator.seedsArrived(TASK);
            generator.handOver(() -> Set.of(TASK));
            Thread.sleep(1000);
            assertEquals(List.of(), generator.runs(), "the automatic run scheduled for the task was dropped");
        }
    }

    @Test
    void aHandOverWaitsForTheItemBeingPublished() throws Exception {
        CountDownLatch publishing = new CountDownLatch(1);
        CountDownLatch acknowledged = new CountDownLatch(1);
        List<GeneratedItem> published = new CopyOnWriteArrayList<>();
        ItemSink slowBroker = PlainGeneration.keeping(item -> {
            publishing.countDown();
            try {
                acknowledged.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            published.add(item);
        });
        SeedRegistry seeds = seeds();
        try (Generator generator = PlainGeneration.generator(seeds, teacher(new CountDownLatch(0), new AtomicInteger()), slowBroker, false, 0,
                0, () -> true)) {
            GenerationRun run = generator.start(TASK, 1, GenerationMethod.JSON);
            assertTrue(publishing.await(10, TimeUnit.SECONDS));
            CompletableFuture<Set<String>> handOver = CompletableFuture.supplyAsync(() -> generator.handOver(() -> seeds.dropPartitions(List.of(0))));
            Thread.sleep(300);
            assertFalse(handOver.isDone(), "the hand-over returned while an item of the task was still being published");
            acknowledged.countDown();
            assertEquals(Set.of(TASK), handOver.get(10, TimeUnit.SECONDS));
            assertEquals(1, published.size(), "the item being published when the hand-over came reached the topic first");
            assertEquals(1, run.progress().produced());
        }
    }

    @Test
    void itemsAreCountedWhenPublishedNotOnlyWhenReadBack() throws Exception {
        // The sink keeps items, but nothing reads them back from the topic, as when the reader lags behind.
        try (Generator generator = PlainGeneration.generator(seeds(), teacher(new CountDownLatch(0), new AtomicInteger()), NOWHERE, false, 3,
                0, () -> true)) {
            generator.seedsArrived(TASK);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((generator.runs().isEmpty() || !generator.runs().get(0).done()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(3, generator.runs().get(0).progress().produced());
            generator.seedsArrived(TASK); // more seeds: the task is looked at again
            Thread.sleep(1000); // five quiet periods
            assertEquals(1, generator.runs().size(), "the target of 3 was reached: no second run overshoots it");
        }
    }

    @Test
    void aTargetPerSeedGrowsWithTheSeedsOfTheTask() throws Exception {
        SeedRegistry seeds = seeds();
        try (Generator generator = PlainGeneration.generator(seeds, teacher(new CountDownLatch(0), new AtomicInteger()), NOWHERE, false, 0, 2,
                () -> true)) {
            generator.seedsArrived(TASK);
            awaitRuns(generator, 1);
            assertEquals(2, generator.runs().get(0).progress().produced(), "one seed, two items per seed");
            seeds.record(Seed.of(TASK, "Which planet is smallest?", List.of("Mercury", "Mars", "Venus", "Earth"), 0, "test"), 0);
            seeds.record(Seed.of(TASK, "Which planet has rings?", List.of("Saturn", "Mars", "Venus", "Earth"), 0, "test"), 0);
            generator.seedsArrived(TASK);
            awaitRuns(generator, 2);
            assertEquals(4, generator.runs().get(1).progress().produced(), "three seeds: the target grew from 2 to 6 items");
        }
    }

    private static void awaitRuns(Generator generator, int finished) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (generator.runs().stream().filter(GenerationRun::done).count() < finished && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(finished, generator.runs().stream().filter(GenerationRun::done).count(), "finished automatic runs");
    }
}
