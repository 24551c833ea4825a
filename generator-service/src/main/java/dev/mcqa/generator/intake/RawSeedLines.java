package dev.mcqa.generator.intake;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.Seed;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Seed files as records of the raw intake topic, one JSON seed per line, for a console producer
 * ({@code bin/run-pipeline --stream}). A JSON Lines file passes unchanged: its lines already are
 * such records, and the generator judges them. An MMLU CSV row becomes the JSON of its seed, its
 * source the file and row; a row the CSV reader already refuses (wrong column count, an answer that
 * is no index, a broken seed rule) is reported on standard error and left out.
 * Arguments: the files (.csv or .jsonl).
 */
public final class RawSeedLines {

    private RawSeedLines() {
    }

    public static void main(String[] files) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        for (String file : files) {
            write(Path.of(file), out, System.err);
        }
    }

    /** Writes the records of one file to {@code out}, CSV rows left out to {@code problems}; returns the records written. */
    static int write(Path file, PrintStream out, PrintStream problems) throws IOException {
        String name = file.getFileName().toString();
        SeedFiles.checkName(name);
        String content = Files.readString(file, StandardCharsets.UTF_8);
        if (name.endsWith(".jsonl")) {
            int written = 0;
            for (String line : content.split("\r?\n")) {
                if (!line.isBlank()) {
                    out.println(line);
                    written++;
                }
            }
            return written;
        }
        int written = 0;
        for (Candidate candidate : SeedFiles.read(name, content)) {
            if (candidate.seed() == null) {
                problems.println(candidate.source() + " left out: " + candidate.violations().stream()
                        .map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
                continue;
            }
            out.println(Json.encode(raw(candidate.seed())));
            written++;
        }
        return written;
    }

    /** A seed as a producer writes it: the fields of POST /v1/seeds, no id or schema version. */
    static Map<String, Object> raw(Seed seed) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("task", seed.task());
        raw.put("question", seed.question());
        raw.put("choices", seed.choices());
        raw.put("answer", seed.answer());
        raw.put("source", seed.source());
        return raw;
    }
}
