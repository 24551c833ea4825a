package dev.mcqa.generator.intake;

import dev.mcqa.contract.InvalidMessageException;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

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
    private static final Pattern CSV_SUFFIX = Pattern.compile("(_dev|_val|_test)?\\.csv$");
    private static final Pattern INDEX = Pattern.compile("\\d{1,2}");

    private SeedFiles() {
    }

    /** The candidates of one file; a file that is neither .csv nor .jsonl is an {@link InvalidMessageException}. */
    public static List<Candidate> read(String fileName, String content) {
        content = content.startsWith("\uFEFF") ? content.substring(1) : content;
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        if (name.endsWith(".csv")) {
            return csv(name, content);
        }
        if (name.endsWith(".jsonl")) {
            return jsonLines(name, content);
        }
        throw new InvalidMessageException("file", "'" + name + "' is neither .csv (MMLU format) nor .jsonl");
    }

    /** The task a CSV file's seeds belong to: {@code anatomy_dev.csv} is {@code anatomy}. */
    public static String taskOf(String csvFileName) {
        return CSV_SUFFIX.matcher(csvFileName).replaceFirst("");
    }

    private static List<Candidate> csv(String name, String content) {
        String task = taskOf(name);
        List<List<String>> records = CsvRecords.parse(content);
        if (!records.isEmpty() && !records.get(0).isEmpty() && records.get(0).get(0).strip().equals("question")) {
            records = records.subList(1, records.size());
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int row = 0; row < records.size(); row++) {
            List<String> fields = records.get(row);
            String source = "import:" + name + "#" + (row + 1);
            if (fields.size() < 4) {
                candidates.add(Candidate.invalid(source, List.of(new Violation("row",
                        "has " + fields.size() + " fields; expected question, at least 2 choices, answer"))));
                continue;
            }
            String answer = fields.get(fields.size() - 1).strip();
            if (!INDEX.matcher(answer).matches()) {
                candidates.add(Candidate.invalid(source, List.of(new Violation("answer", "'" + answer + "' is not a 0-based index"))));
                continue;
            }
            candidates.add(Candidate.of(task, fields.get(0), fields.subList(1, fields.size() - 1), Integer.parseInt(answer), source));
        }
        return candidates;
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
