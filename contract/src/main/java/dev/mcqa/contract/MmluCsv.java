package dev.mcqa.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * MMLU-format CSV: {@code question,choice0,...,choiceN,answer} with an optional header row, answer a
 * 0-based index; the task is the file name without {@code _dev.csv}, {@code _val.csv},
 * {@code _test.csv} or {@code .csv}.
 */
public final class MmluCsv {
    private static final Pattern SUFFIX = Pattern.compile("(_dev|_val|_test)?\\.csv$");
    private static final Pattern INDEX = Pattern.compile("\\d{1,2}");

    private MmluCsv() {
    }

    /** One data row: its 1-based number (header not counted) and either a seed or why it is not one. */
    public record Row(int number, Seed seed, List<Violation> violations) {
    }

    public static String taskOf(String fileName) {
        return SUFFIX.matcher(fileName.substring(fileName.lastIndexOf('/') + 1)).replaceFirst("");
    }

    /** Every data row of a file, valid or not; the seeds' source is {@code <sourcePrefix><file>#<row>}. */
    public static List<Row> rows(String fileName, String content, String sourcePrefix) {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        String task = taskOf(name);
        List<List<String>> records = CsvRecords.parse(content.startsWith("\uFEFF") ? content.substring(1) : content);
        if (!records.isEmpty() && !records.get(0).isEmpty() && records.get(0).get(0).strip().equals("question")) {
            records = records.subList(1, records.size());
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            List<String> fields = records.get(i);
            String source = sourcePrefix + name + "#" + (i + 1);
            List<Violation> violations = new ArrayList<>();
            if (fields.size() < 4) {
                violations.add(new Violation("row", "has " + fields.size() + " fields; expected question, at least 2 choices, answer"));
            } else if (!INDEX.matcher(fields.get(fields.size() - 1).strip()).matches()) {
                violations.add(new Violation("answer", "'" + fields.get(fields.size() - 1).strip() + "' is not a 0-based index"));
            } else {
                List<String> choices = fields.subList(1, fields.size() - 1);
                int answer = Integer.parseInt(fields.get(fields.size() - 1).strip());
                violations.addAll(Seed.check(task, fields.get(0), choices, answer, source));
                if (violations.isEmpty()) {
                    rows.add(new Row(i + 1, Seed.of(task, fields.get(0), choices, answer, source), List.of()));
                    continue;
                }
            }
            rows.add(new Row(i + 1, null, List.copyOf(violations)));
        }
        return rows;
    }

    /** The valid rows as seeds (source {@code mmlu:<file>#<row>}). */
    public static List<Seed> seeds(String fileName, String content) {
        return rows(fileName, content, "mmlu:").stream().filter(row -> row.seed() != null).map(Row::seed).toList();
    }
}
