package dev.mcqa.contract;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** RFC 4180 CSV: comma-separated, fields optionally in double quotes, "" for a quote, line breaks inside quotes kept. */
public final class CsvRecords {
    private CsvRecords() {
    }

    public static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        try {
            read(new StringReader(text), records::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return records;
    }

    /** Hands each record to {@code out} as soon as it is read: a file of any size is held one record at a time. */
    public static void read(Reader source, Consumer<List<String>> out) throws IOException {
        PushbackReader in = new PushbackReader(source, 1);
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean recordHasContent = false;
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (quoted) {
                if (c == '"') {
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next >= 0) {
                            in.unread(next);
                        }
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"') {
                quoted = true;
                recordHasContent = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                recordHasContent = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    int next = in.read();
                    if (next >= 0 && next != '\n') {
                        in.unread(next);
                    }
                }
                if (recordHasContent || !field.isEmpty()) {
                    fields.add(field.toString());
                    out.accept(fields);
                }
                fields = new ArrayList<>();
                field.setLength(0);
                recordHasContent = false;
            } else {
                field.append((char) c);
                recordHasContent = true;
            }
        }
        if (recordHasContent || !field.isEmpty()) {
            fields.add(field.toString());
            out.accept(fields);
        }
    }
}
