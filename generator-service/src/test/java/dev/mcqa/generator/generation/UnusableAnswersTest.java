package dev.mcqa.generator.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.Seed;
import dev.mcqa.generator.intake.SeedRegistry;
import dev.mcqa.teacher.ChatTeacher;
import dev.mcqa.teacher.TeacherException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Plain Java: answers that cannot become items are dead-lettered with a reason saying why. */
class UnusableAnswersTest {

    @Test
    void anAnswerCutAtTheTokenLimitIsRejectedAsTruncated() throws Exception {
        // What the adapter makes of a reply whose budget ran out mid-item: a JSON-looking start, finish_reason length.
        List<Rejection> rejections = rejectionsOf(request -> new ChatTeacher.Reply("{\"question\": \"Which moon is", List.of(), true));
        assertEquals(3, rejections.size());
        assertTrue(rejections.stream().allMatch(r -> r.reason().equals("truncated")), rejections.toString());
    }

    @Test
    void aRefusalIsRejectedAsRefusedAndAskedOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Rejection> rejections = rejectionsOf(request -> {
            calls.incrementAndGet();
            throw new TeacherException(TeacherException.Kind.REFUSED, "refusal: I'm sorry, I cannot assist with that request.", null);
        });
        assertEquals(3, rejections.size());
        assertTrue(rejections.stream().allMatch(r -> r.reason().equals("refused") && r.detail().contains("cannot assist")), rejections.toString());
        assertEquals(3, calls.get());
    }

    @Test
    void anErrorWhileMakingAnItemCountsItAsFailedAndTheRunEnds() throws Exception {
        SeedRegistry seeds = new SeedRegistry();
        seeds.record(Seed.of("astronomy", "Which planet is largest?", List.of("Jupiter", "Mars"), 0, "test"));
        GenerationRun run = PlainGeneration.runToEnd(seeds, PlainGeneration.teacher(request -> {
            throw new StackOverflowError("injected");
        }), PlainGeneration.sink(new CopyOnWriteArrayList<>()), false, "astronomy", 3);
        assertEquals(3, run.progress().failed());
        assertEquals(GenerationRun.State.DONE, run.progress().state());
    }

    private static List<Rejection> rejectionsOf(Function<ChatTeacher.Request, ChatTeacher.Reply> answers) throws Exception {
        SeedRegistry seeds = new SeedRegistry();
        seeds.record(Seed.of("astronomy", "Which planet is largest?", List.of("Jupiter", "Mars"), 0, "test"));
        List<Rejection> rejections = new CopyOnWriteArrayList<>();
        PlainGeneration.runToEnd(seeds, PlainGeneration.teacher(answers), PlainGeneration.sink(rejections), false, "astronomy", 3);
        return rejections;
    }
}
