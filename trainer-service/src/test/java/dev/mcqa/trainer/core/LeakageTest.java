package dev.mcqa.trainer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.contract.MmluSplit;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.ScoringMethod;
import dev.mcqa.contract.Seed;
import dev.mcqa.store.DirectoryStore;
import dev.mcqa.student.training.TrainingExample;
import dev.mcqa.student.training.TrainingSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Nothing held out is trained on: evaluation items posted as seeds or generated as items, and items without a letter signal. */
class LeakageTest {
    private static final Path TEST_PUBLIC = Path.of("../data/mmlu/test-public");

    private static TrainerSettings settings() {
        return new TrainerSettings("all-MiniLM-L6-v2", 128, Device.cpu(), TrainingSettings.defaults(), 1f, false, TEST_PUBLIC, 0,
                0.05, 8, 200, 0.5, 0, Duration.ofMinutes(1), false, true);
    }

    @Test
    void evaluationItemsPostedAsSeedsOrGeneratedAsItemsAreLeftOutAndCounted() {
        Seed evaluated = MmluSplit.read(TEST_PUBLIC).get("college_medicine").evaluation().get(0);
        // The same question posted as a seed of another task, and a near-twin with one word changed as a generated item.
        Seed leakedSeed = Seed.of("clinical_knowledge", evaluated.question(), evaluated.choices(), evaluated.answer(), "rest");
        String[] words = evaluated.question().split(" ");
        words[words.length / 2] = "indeed";
        GeneratedItem twin = GeneratedItem.of("college_medicine", List.of(leakedSeed.id()), String.join(" ", words), evaluated.choices(),
                evaluated.answer(), GenerationMethod.JSON, "t", "json-v1");
        Seed honest = Seed.of("college_medicine", "Which organ pumps blood through the body?", List.of("Heart", "Liver", "Lung", "Skin"), 0, "rest");
        Dataset dataset = new Dataset();
        dataset.add(leakedSeed, "mcqa.seeds", 0, 0);
        dataset.add(honest, "mcqa.seeds", 0, 1);
        dataset.add(scored(twin, null), "mcqa.scored", 0, 0);

        TrainingData data = data(dataset);
        assertEquals(2, data.leftOut().get("nearCopiesOfHeldOut"), data.leftOut().toString());
        assertEquals(1, data.examples().size());
        assertEquals(honest.question(), data.examples().get(0).input().question());
    }

    @Test
    void itemsWithoutLetterSignalAreLeftOutAndCounted() {
        Dataset dataset = new Dataset();
        List<ScoredItem> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            GeneratedItem item = GeneratedItem.of("astronomy", List.of("s"), "Generated question number " + i + " about stars?",
                    List.of("one " + i, "two", "three", "four"), 0, GenerationMethod.JSON, "t", "json-v1");
            items.add(scored(item, i % 4 == 0 ? 1e-6 : 0.97));
        }
        for (int i = 0; i < items.size(); i++) {
            dataset.add(items.get(i), "mcqa.scored", 0, i);
        }
        TrainingData data = data(dataset);
        assertEquals(10, data.leftOut().get("noLetterSignal"), data.leftOut().toString());
        int agreement = data.leftOut().get("teacherAgreementItems");
        assertEquals(30 - agreement, data.examples().size());
        assertEquals(agreement, data.teacherHeldOut().size());
        assertTrue(data.teacherHeldOut().stream().allMatch(s -> s.letterMass() > 0.5));
    }

    private static ScoredItem scored(GeneratedItem item, Double letterMass) {
        return ScoredItem.of(item, List.of(0.7, 0.1, 0.1, 0.1), "t", ScoringMethod.LOGPROBS, 4, List.of(), letterMass);
    }

    private static TrainingData data(Dataset dataset) {
        try (Trainer trainer = new Trainer(dataset, settings(), new DirectoryStore(Path.of("target/leakage-models")), release -> { }, Optional::empty)) {
            Dataset.Snapshot snapshot = dataset.snapshot();
            return TrainingData.of(snapshot, trainer.heldOut(snapshot), settings());
        }
    }
}
