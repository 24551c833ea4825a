package dev.mcqa.student.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.encoding.McqaInput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchesTest {

    @Test
    void batchesGetNewMembersEveryEpochAndKeepEveryExampleOnce() {
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            examples.add(new TrainingExample(new McqaInput("q".repeat(1 + i % 37) + i, List.of("a", "b")), null, 0, 1f));
        }
        Random random = new Random(42);
        List<List<TrainingExample>> first = Distiller.batches(examples, 8, random);
        List<List<TrainingExample>> second = Distiller.batches(examples, 8, random);
        for (List<List<TrainingExample>> epoch : List.of(first, second)) {
            assertEquals(50, epoch.size());
            Set<TrainingExample> seen = new HashSet<>();
            epoch.forEach(seen::addAll);
            assertEquals(400, seen.size());
        }
        Set<Set<TrainingExample>> firstMembers = new HashSet<>();
        first.forEach(batch -> firstMembers.add(new HashSet<>(batch)));
        long repeated = second.stream().filter(batch -> firstMembers.contains(new HashSet<>(batch))).count();
        assertTrue(repeated < 5, repeated + " of 50 batches had the same members in both epochs");
        assertNotEquals(first, second);
    }

    @Test
    void weightDecayOnlyOnWeightMatrices() {
        assertTrue(Distiller.decays("bert.encoder.layer.0.attention.self.query.weight"));
        assertTrue(Distiller.decays("classifier.weight"));
        assertFalse(Distiller.decays("bert.encoder.layer.0.attention.self.query.bias"));
        assertFalse(Distiller.decays("bert.encoder.layer.0.output.LayerNorm.weight"));
        assertFalse(Distiller.decays("bert.embeddings.word_embeddings.weight"));
        assertFalse(Distiller.decays("deberta.encoder.rel_embeddings.weight"));
    }
}
