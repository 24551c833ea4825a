package dev.mcqa.generator.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.HeldOutSeeds;
import dev.mcqa.contract.Seed;
import dev.mcqa.generator.intake.SeedRegistry;
import dev.mcqa.teacher.ChatTeacher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Plain Java: with held-out seeds, the teacher never sees one of them as an example. */
class HeldOutSeedsTest {

    @Test
    void heldOutSeedsAreNeverShownToTheTeacher() throws Exception {
        SeedRegistry seeds = new SeedRegistry();
        List<Seed> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Seed seed = Seed.of("astronomy", "Seed question number " + i + " about the sky?", List.of("yes " + i, "no"), 0, "test");
            seeds.record(seed);
            all.add(seed);
        }
        List<Seed> heldOut = all.stream().filter(HeldOutSeeds::isHeldOut).toList();
        assertFalse(heldOut.isEmpty(), "the test needs held-out seeds");
        List<String> prompts = new CopyOnWriteArrayList<>();
        ChatTeacher teacher = new ChatTeacher() {
            @Override
            public String model() {
                return "recording-teacher";
            }

            @Override
            public Reply chat(Request request) {
                prompts.add(request.user());
                int n = prompts.size();
                return new Reply("{\"question\": \"Which planet is number " + n + " from the sun, counting outwards?\", "
                        + "\"choices\": [\"Mercury " + n + "\", \"Venus\", \"Earth\", \"Mars\"], \"answer\": 2}", List.of());
            }
        };
        List<GeneratedItem> published = new CopyOnWriteArrayList<>();
        ItemSink sink = new ItemSink() {
            @Override
            public void publish(GeneratedItem item) {
                published.add(item);
            }

            @Override
            public void reject(Rejection rejection) {
            }
        };
        PlainGeneration.runToEnd(seeds, teacher, sink, true, "astronomy", 20);
        assertEquals(20, prompts.size());
        for (String prompt : prompts) {
            for (Seed seed : heldOut) {
                assertFalse(prompt.contains(seed.question()), "a held-out seed was shown: " + seed.question());
            }
        }
        assertTrue(published.stream().allMatch(item -> heldOut.stream().noneMatch(s -> item.seedIds().contains(s.id()))));
    }
}
