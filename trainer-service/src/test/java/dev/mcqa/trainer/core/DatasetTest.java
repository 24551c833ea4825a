package dev.mcqa.trainer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.ScoringMethod;
import dev.mcqa.contract.Seed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static ScoredItem scored(int n, double top) {
        GeneratedItem item = GeneratedItem.of("law", List.of("s"), "Q" + n + "?", List.of("a", "b"), 0, GenerationMethod.JSON, "t", "json-v1");
        return ScoredItem.of(item, List.of(top, 1 - top), "t", ScoringMethod.LOGPROBS, 1, List.of());
    }

    @Test
    void keepsEachIdOnceWithTheNewestScoreAndTheOffsetsRead() {
        Dataset dataset = new Dataset();
        Seed seed = Seed.of("law", "Q?", List.of("a", "b"), 1, "rest");
        assertTrue(dataset.add(seed, "mcqa.seeds", 0, 0));
        assertFalse(dataset.add(seed, "mcqa.seeds", 0, 5));
        assertTrue(dataset.add(scored(1, 0.6), "mcqa.scored", 0, 0));
        assertFalse(dataset.add(scored(1, 0.9), "mcqa.scored", 0, 1), "a re-score replaces, it is not a new item");
        assertEquals(1, dataset.seedCount());
        assertEquals(1, dataset.scoredCount());
        assertEquals(0.9, dataset.snapshot().scored().get(0).probabilities().get(0));
        assertEquals(Map.of("mcqa.seeds:0", 6L, "mcqa.scored:0", 2L), dataset.snapshot().offsets());
    }

    @Test
    void onlyItemsBeyondWhatWasTrainedOnCountAsNew() {
        Dataset dataset = new Dataset();
        for (int n = 0; n < 10; n++) {
            dataset.add(scored(n, 0.7), "mcqa.scored", 0, n);
        }
        assertEquals(10, dataset.newScored());
        dataset.markReleased(Map.of("mcqa.scored:0", 6L)); // the current release, read after a restart
        assertEquals(4, dataset.newScored());
        dataset.add(scored(10, 0.7), "mcqa.scored", 0, 10);
        assertEquals(5, dataset.newScored());
        dataset.markTrained(dataset.snapshot().offsets());
        assertEquals(0, dataset.newScored());
    }

    @Test
    void onlyTheServedReleasesLineageMarksItemsTrained() {
        Dataset dataset = new Dataset();
        for (int n = 0; n < 10; n++) {
            dataset.add(scored(n, 0.7), "mcqa.scored", 0, n);
        }
        dataset.markReleased(Map.of("mcqa.scored:0", 1_000_000L)); // a superseded release claiming far too much
        assertEquals(0, dataset.newScored());
        dataset.markReleased(Map.of("mcqa.scored:0", 4L)); // the release served now
        assertEquals(6, dataset.newScored(), "the superseded release's offsets no longer switch automatic training off");
    }
}
