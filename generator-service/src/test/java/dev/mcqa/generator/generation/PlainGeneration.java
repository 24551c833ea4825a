package dev.mcqa.generator.generation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.generator.intake.SeedRegistry;
import dev.mcqa.teacher.ChatTeacher;
import java.time.Duration;

/** The generator core without Quarkus or Kafka, for plain unit tests: one JSON run to its end. */
final class PlainGeneration {
    private PlainGeneration() {
    }

    /** A generator of 4-choice JSON items on two workers. */
    static Generator generator(SeedRegistry seeds, ChatTeacher teacher, ItemSink sink, boolean holdOutSeeds) {
        GenerationSettings settings = new GenerationSettings(4, 5, 1000, 300, 0.9, 0.7, 512, 0, GenerationMethod.JSON,
                Duration.ofSeconds(2), 1000, holdOutSeeds);
        return new Generator(seeds, new ItemRegistry(), teacher, null, sink, settings, 2);
    }

    static GenerationRun runToEnd(SeedRegistry seeds, ChatTeacher teacher, ItemSink sink, boolean holdOutSeeds, String task, int count)
            throws InterruptedException {
        try (Generator generator = generator(seeds, teacher, sink, holdOutSeeds)) {
            GenerationRun run = generator.start(task, count, GenerationMethod.JSON);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!run.done() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(run.done(), "the run did not end within 30 s");
            return run;
        }
    }
}
