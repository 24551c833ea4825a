package dev.mcqa.generator.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.MmluCsv;
import dev.mcqa.contract.Seed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain Java: seed files turned into raw intake records read back by the generator as the same seeds. */
class RawSeedLinesTest {

    @Test
    void csvRowsBecomeRecordsTheIntakeReadsAsTheSameSeedsAndRefusedRowsAreReported(@TempDir Path dir) throws Exception {
        String csv = Files.readString(Path.of("../data/mmlu/dev/virology_dev.csv"));
        Path file = Files.writeString(dir.resolve("virology_dev.csv"), csv + "\"A row with two columns\",only\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream problems = new ByteArrayOutputStream();
        int written = RawSeedLines.write(file, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(problems, true, StandardCharsets.UTF_8));

        List<Seed> expected = MmluCsv.seeds("virology_dev.csv", csv);
        assertEquals(expected.size(), written);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(expected.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            RawSeeds.Parsed parsed = RawSeeds.parse(lines.get(i).getBytes(StandardCharsets.UTF_8), 1 << 20, "kafka:mcqa.seeds.in/0@" + i);
            Seed seed = parsed.candidates().get(0).seed();
            assertEquals(expected.get(i).id(), seed.id(), "the same content id as the file's seed");
            assertTrue(seed.source().startsWith("import:virology_dev.csv#"), seed.source());
        }
        assertTrue(problems.toString(StandardCharsets.UTF_8).contains("virology_dev.csv#" + (expected.size() + 1) + " left out"), problems.toString());
    }

    @Test
    void jsonLinesPassUnchangedForTheGeneratorToJudge(@TempDir Path dir) throws Exception {
        String good = "{\"task\": \"astronomy\", \"question\": \"Which planet is largest?\", \"choices\": [\"Jupiter\", \"Mars\"], \"answer\": 0}";
        String bad = "{\"task\": \"astronomy\", \"question\": \"\"}";
        Path file = Files.writeString(dir.resolve("more.jsonl"), good + "\n\n" + bad + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int written = RawSeedLines.write(file, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(2, written);
        assertEquals(List.of(good, bad), out.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
