package dev.mcqa.trainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.MmluCsv;
import dev.mcqa.contract.MmluSplit;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.ScoringMethod;
import dev.mcqa.contract.Seed;
import dev.mcqa.contract.Topics;
import dev.mcqa.testing.KafkaTestResource;
import dev.mcqa.testing.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The packaged trainer as a real process, killed (SIGKILL) after it has read half of the items, then
 * restarted after the rest arrived along with re-deliveries: its dataset then holds exactly the ids
 * an uninterrupted reading holds, none lost and none twice.
 */
class DatasetRestartIT {
    @Test
    void aKilledTrainerRebuildsExactlyTheSameDataset() throws Exception {
        String bootstrap = KafkaTestResource.bootstrapServers();
        String task = "anatomy";
        List<Seed> seeds = MmluCsv.seeds("anatomy_dev.csv", Files.readString(Path.of("../data/mmlu/dev/anatomy_dev.csv")));
        List<ScoredItem> scored = new ArrayList<>();
        List<Seed> bank = MmluSplit.read(Path.of("../data/mmlu/test-public")).values().stream()
                .flatMap(halves -> halves.bank().stream()).limit(60).toList();
        for (Seed question : bank) {
            GeneratedItem item = GeneratedItem.of(question.task(), List.of(seeds.get(0).id()), question.question(), question.choices(),
                    question.answer(), GenerationMethod.BANK, "simulated", "bank-v1");
            scored.add(ScoredItem.of(item, List.of(0.25, 0.25, 0.25, 0.25), "simulated", ScoringMethod.SIMULATED, 1, List.of()));
        }
        seeds.forEach(s -> KafkaTestClient.send(Topics.SEEDS, s.task(), Json.encode(s)));
        scored.subList(0, 30).forEach(s -> KafkaTestClient.send(Topics.SCORED, s.item().id(), Json.encode(s)));

        Path log = Path.of("target/restart-it-trainer.log");
        TrainerProcess trainer = TrainerProcess.start(bootstrap, log, List.of());
        try {
            trainer.await("/v1/trainings/dataset", d -> d.path("scoredItems").asInt() == 30 && d.path("seeds").asInt() == seeds.size());
        } finally {
            trainer.process().destroyForcibly().waitFor();
        }

        scored.subList(30, 60).forEach(s -> KafkaTestClient.send(Topics.SCORED, s.item().id(), Json.encode(s)));
        scored.subList(0, 10).forEach(s -> KafkaTestClient.send(Topics.SCORED, s.item().id(), Json.encode(s))); // re-delivered
        seeds.subList(0, 2).forEach(s -> KafkaTestClient.send(Topics.SEEDS, s.task(), Json.encode(s)));

        TreeSet<String> ids = new TreeSet<>();
        StringBuilder expected = new StringBuilder();
        seeds.stream().map(Seed::id).sorted().forEach(id -> expected.append("seed:").append(id).append('\n'));
        scored.stream().map(s -> s.item().id()).sorted().forEach(id -> {
            ids.add(id);
            expected.append("item:").append(id).append('\n');
        });
        assertEquals(60, ids.size());
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected.toString().getBytes(StandardCharsets.UTF_8)));

        TrainerProcess restarted = TrainerProcess.start(bootstrap, log, List.of());
        try {
            restarted.await("/v1/trainings/dataset", d -> d.path("scoredItems").asInt() >= 60);
            Thread.sleep(2000); // let any late duplicate arrive: it must change nothing
            JsonNode dataset = restarted.await("/v1/trainings/dataset", d -> true);
            assertEquals(seeds.size(), dataset.path("seeds").asInt());
            assertEquals(60, dataset.path("scoredItems").asInt());
            assertEquals(digest, dataset.path("idsSha256").asText(), "the same ids as an uninterrupted read");
        } finally {
            restarted.process().destroy();
            restarted.process().waitFor();
        }
    }
}
