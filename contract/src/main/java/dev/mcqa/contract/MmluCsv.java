package dev.mcqa.contract;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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
        List<Row> rows = new ArrayList<>();
        try {
            rows(fileName, new StringReader(content), sourcePrefix, rows::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return rows;
    }

    /** As {@link #rows(String, String, String)}, each row handed to {@code out} as soon as it is read. */
    public static void rows(String fileName, Reader content, String sourcePrefix, Consumer<Row> out) throws IOException {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        String task = taskOf(name);
        PushbackReader in = new PushbackReader(content, 1);
        int bom = in.read();
        if (bom >= 0 && bom != '\uFEFF') {
            in.unread(bom);
        }
        int[] number = {0};
        boolean[] first = {true};
        CsvRecords.read(in, fields -> {
            boolean header = first[0] && !fields.isEmpty() && fields.get(0).strip().equals("question");
            first[0] = false;
            if (!header) {
                out.accept(row(task, name, ++number[0], fields, sourcePrefix));
            }
        });
    }

    private static Row row(String task, String name, int number, List<String> fields, String sourcePrefix) {
        String source = sourcePrefix + name + "#" + number;
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
                return new Row(number, Seed.of(task, fields.get(0), choices, answer, source), List.of());
            }
        }
        return new Row(number, null, List.copyOf(violations));
    }

    /** The valid rows as seeds (source {@code mmlu:<file>#<row>}). */
    public static List<Seed> seeds(String fileName, String content) {
        return rows(fileName, content, "mmlu:").stream().filter(row -> row.seed() != null).map(Row::seed).toList();
    }
}
