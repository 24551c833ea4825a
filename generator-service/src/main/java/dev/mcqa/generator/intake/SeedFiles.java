package dev.mcqa.generator.intake;

import dev.mcqa.contract.MmluCsv;
import dev.mcqa.contract.InvalidMessageException;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bulk seed files. A bad row is rejected on its own (the rest of the file still counts), since a
 * bulk file usually comes from elsewhere and one bad row should not hold back the others.
 * <ul>
 *   <li>MMLU CSV ({@code .csv}): {@code question,choice0,...,choiceN,answer}, answer a 0-based index,
 *       an optional header row; the task is the file name without {@code _dev.csv}, {@code _val.csv},
 *       {@code _test.csv} or {@code .csv}.</li>
 *   <li>JSON Lines ({@code .jsonl}): one seed object per line, as for {@code POST /v1/seeds}.</li>
 * </ul>
 */
public final class SeedFiles {

    private SeedFiles() {
    }

    /** The candidates of one file; a file that is neither .csv nor .jsonl is an {@link InvalidMessageException}. */
    public static List<Candidate> read(String fileName, String content) {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        if (name.endsWith(".csv")) {
            return csv(name, content);
        }
        if (name.endsWith(".jsonl")) {
            return jsonLines(name, content);
        }
        throw new InvalidMessageException("file", "'" + name + "' is neither .csv (MMLU format) nor .jsonl");
    }

    private static List<Candidate> csv(String name, String content) {
        return MmluCsv.rows(name, content, "import:").stream()
                .map(row -> row.seed() != null ? Candidate.valid(row.seed())
                        : Candidate.invalid("import:" + name + "#" + row.number(), row.violations()))
                .toList();
    }

    private static List<Candidate> jsonLines(String name, String content) {
        List<String> lines = Arrays.asList(content.split("\r?\n", -1));
        List<Candidate> candidates = new ArrayList<>();
        for (int line = 0; line < lines.size(); line++) {
            if (lines.get(line).isBlank()) {
                continue;
            }
            String source = "import:" + name + "#" + (line + 1);
            try {
                candidates.add(SeedRequests.candidate(Json.parse(lines.get(line)), "", source));
            } catch (InvalidMessageException e) {
                candidates.add(Candidate.invalid(source, e.violations()));
            }
        }
        return candidates;
    }
}
