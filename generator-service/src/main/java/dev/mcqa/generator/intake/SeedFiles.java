package dev.mcqa.generator.intake;

import dev.mcqa.contract.MmluCsv;
import dev.mcqa.contract.InvalidMessageException;
import dev.mcqa.contract.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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
        List<Candidate> candidates = new ArrayList<>();
        try {
            read(fileName, new StringReader(content), candidates::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return candidates;
    }

    /** Fails with an {@link InvalidMessageException} naming {@code file} unless the name ends in .csv or .jsonl. */
    public static void checkName(String fileName) {
        if (!fileName.endsWith(".csv") && !fileName.endsWith(".jsonl")) {
            throw new InvalidMessageException("file", "'" + fileName.substring(fileName.lastIndexOf('/') + 1)
                    + "' is neither .csv (MMLU format) nor .jsonl");
        }
    }

    /** As {@link #read(String, String)}, each row handed to {@code out} as soon as it is read: a file is held one row at a time. */
    public static void read(String fileName, Reader content, Consumer<Candidate> out) throws IOException {
        checkName(fileName);
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        if (name.endsWith(".csv")) {
            MmluCsv.rows(name, content, "import:", row -> out.accept(row.seed() != null ? Candidate.valid(row.seed())
                    : Candidate.invalid("import:" + name + "#" + row.number(), row.violations())));
        } else {
            jsonLines(name, new BufferedReader(content), out);
        }
    }

    private static void jsonLines(String name, BufferedReader lines, Consumer<Candidate> out) throws IOException {
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String source = "import:" + name + "#" + number;
            try {
                out.accept(SeedRequests.candidate(Json.parse(line), "", source));
            } catch (InvalidMessageException e) {
                out.accept(Candidate.invalid(source, e.violations()));
            }
        }
    }
}
