package dev.mcqa.generator.generation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.generator.intake.SeedRegistry;
import dev.mcqa.teacher.ChatTeacher;
import dev.mcqa.contract.GeneratedItem;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.BooleanSupplier;

/** The generator core without Quarkus or Kafka, for plain unit tests: one JSON run to its end. */
final class PlainGeneration {
    private PlainGeneration() {
    }

    /** A teacher answering each request with {@code answers}. */
    static ChatTeacher teacher(Function<ChatTeacher.Request, ChatTeacher.Reply> answers) {
        return new ChatTeacher() {
            @Override
            public String model() {
                return "plain-generation-test-teacher";
            }

            @Override
            public Reply chat(Request request) {
                return answers.apply(request);
            }
        };
    }

    /** A sink that keeps the rejections and drops the items. */
    static ItemSink sink(List<Rejection> rejections) {
        return new ItemSink() {
            @Override
            public void publish(GeneratedItem item) {
            }

            @Override
            public void reject(Rejection rejection) {
                rejections.add(rejection);
            }
        };
    }

    /** A sink that hands each published item to {@code items} and drops rejections. */
    static ItemSink keeping(java.util.function.Consumer<GeneratedItem> items) {
        return new ItemSink() {
            @Override
            public void publish(GeneratedItem item) {
                items.accept(item);
            }

            @Override
            public void reject(Rejection rejection) {
            }
        };
    }

    /** A sink that keeps the published items and drops rejections. */
    static ItemSink keeping(List<GeneratedItem> items) {
        return keeping(items::add);
    }

    /** A generator of 4-choice JSON items on two workers, its topics re-read. */
    static Generator generator(SeedRegistry seeds, ChatTeacher teacher, ItemSink sink, boolean holdOutSeeds) {
        return generator(seeds, teacher, sink, holdOutSeeds, 0, 0, () -> true);
    }

    /** @param itemsPerTask and itemsPerSeed the automatic runs' targets (0: none) */
    static Generator generator(SeedRegistry seeds, ChatTeacher teacher, ItemSink sink, boolean holdOutSeeds, int itemsPerTask,
                               int itemsPerSeed, BooleanSupplier rebuilt) {
        GenerationSettings settings = new GenerationSettings(4, 5, 1000, 300, 0.9, 0.7, 512, itemsPerTask, itemsPerSeed, GenerationMethod.JSON,
                Duration.ofMillis(200), 1000, holdOutSeeds, 2000);
        return new Generator(seeds, new ItemRegistry(), teacher, null, sink, settings, 2, rebuilt);
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
