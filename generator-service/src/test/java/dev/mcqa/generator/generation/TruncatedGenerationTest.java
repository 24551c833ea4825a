package dev.mcqa.generator.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.Seed;
import dev.mcqa.generator.intake.SeedRegistry;
import dev.mcqa.teacher.ChatTeacher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Plain Java: an answer cut at the token limit is rejected as truncated, whatever braces it holds. */
class TruncatedGenerationTest {

    @Test
    void anAnswerCutAtTheTokenLimitIsRejectedAsTruncated() throws Exception {
        SeedRegistry seeds = new SeedRegistry();
        seeds.record(Seed.of("astronomy", "Which planet is largest?", List.of("Jupiter", "Mars"), 0, "test"));
        ChatTeacher cut = new ChatTeacher() {
            @Override
            public String model() {
                return "cut-teacher";
            }

            @Override
            public Reply chat(Request request) {
                // What the adapter makes of a reply whose budget ran out mid-item: a JSON-looking start, finish_reason length.
                return new Reply("{\"question\": \"Which moon is", List.of(), true);
            }
        };
        List<Rejection> rejections = new CopyOnWriteArrayList<>();
        ItemSink sink = new ItemSink() {
            @Override
            public void publish(GeneratedItem item) {
            }

            @Override
            public void reject(Rejection rejection) {
                rejections.add(rejection);
            }
        };
        PlainGeneration.runToEnd(seeds, cut, sink, false, "astronomy", 3);
        assertEquals(3, rejections.size());
        assertTrue(rejections.stream().allMatch(r -> r.reason().equals("truncated")), rejections.toString());
    }
}
