package dev.mcqa.generator.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.contract.Seed;
import dev.mcqa.generator.intake.SeedRegistry;
import dev.mcqa.teacher.ChatTeacher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Plain Java: the generator's memory of runs. */
class RunsTest {

    @Test
    void aRunningRunIsNeverForgottenHoweverManyRunsFollow() throws Exception {
        SeedRegistry seeds = new SeedRegistry();
        seeds.record(Seed.of("astronomy", "Which planet is largest?", List.of("Jupiter", "Mars", "Venus", "Earth"), 0, "test"));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        ChatTeacher teacher = PlainGeneration.teacher(request -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                try {
                    release.await(60, TimeUnit.SECONDS); // the first run's only item takes its time
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new ChatTeacher.Reply("{\"question\": \"Item " + n + " of the runs test?\", \"choices\": [\"a" + n + "\", \"b\", \"c\", \"d\"], \"answer\": 0}",
                    List.of());
        });
        ItemSink sink = PlainGeneration.sink(new ArrayList<>());
        try (Generator generator = PlainGeneration.generator(seeds, teacher, sink, false)) {
            GenerationRun slow = generator.start("astronomy", 1, GenerationMethod.JSON);
            while (calls.get() == 0) {
                Thread.sleep(5);
            }
            List<GenerationRun> quick = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                quick.add(generator.start("astronomy", 1, GenerationMethod.JSON));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!quick.stream().allMatch(GenerationRun::done) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(quick.stream().allMatch(GenerationRun::done));
            assertTrue(generator.run(slow.id()).isPresent(), "1,001 runs kept: the running one is not the one forgotten");
            assertFalse(generator.run(quick.get(0).id()).isPresent(), "the oldest finished run is forgotten instead");
            assertEquals(1000, generator.runs().size());
            release.countDown();
        }
    }

    @Test
    void runsBeyondTheLimitOfActiveRunsAreRefused() throws Exception {
        SeedRegistry seeds = new SeedRegistry();
        seeds.record(Seed.of("astronomy", "Which planet is largest?", List.of("Jupiter", "Mars", "Venus", "Earth"), 0, "test"));
        CountDownLatch release = new CountDownLatch(1);
        ChatTeacher waiting = PlainGeneration.teacher(request -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ChatTeacher.Reply("not an item", List.of());
        });
        GenerationSettings settings = new GenerationSettings(4, 5, 1000, 300, 0.9, 0.7, 512, 0, 0, GenerationMethod.JSON,
                Duration.ofMillis(200), 1000, false, 2);
        try (Generator generator = new Generator(seeds, new ItemRegistry(), waiting, null, PlainGeneration.sink(new ArrayList<>()), settings, 2,
                () -> true)) {
            generator.start("astronomy", 1, GenerationMethod.JSON);
            generator.start("astronomy", 1, GenerationMethod.JSON);
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> generator.start("astronomy", 1, GenerationMethod.JSON));
            assertTrue(refused.getMessage().contains("mcqa.generation.max-active-runs"), refused.getMessage());
            release.countDown();
        }
    }
}
