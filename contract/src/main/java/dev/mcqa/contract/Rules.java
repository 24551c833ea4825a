package dev.mcqa.contract;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The field rules shared by the message records; each adds what it finds to a list of violations. */
public final class Rules {
    /** Lower-case letters, digits, '_', '-' and '.', starting with a letter or digit: safe as a Kafka key, a metric tag and a file name. */
    public static final Pattern TASK = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    public static final int MAX_QUESTION_CHARS = 8_000;
    public static final int MAX_CHOICE_CHARS = 2_000;
    /** Choices are labelled A to Z. */
    public static final int MAX_CHOICES = 26;
    public static final int SCHEMA_VERSION = 1;

    private Rules() {
    }

    public static void schemaVersion(int version, List<Violation> out) {
        if (version != SCHEMA_VERSION) {
            out.add(new Violation("schemaVersion", "unsupported schema version " + version + "; this build reads " + SCHEMA_VERSION));
        }
    }

    public static void task(String field, String task, List<Violation> out) {
        if (task == null || task.isEmpty()) {
            out.add(new Violation(field, "is required"));
        } else if (!TASK.matcher(task).matches()) {
            out.add(new Violation(field, "'" + abbreviate(task) + "' has characters outside [a-z0-9_.-] or is longer than 64"));
        }
    }

    public static void text(String field, String text, int maxChars, List<Violation> out) {
        if (text == null) {
            out.add(new Violation(field, "is required"));
        } else if (text.isBlank()) {
            out.add(new Violation(field, "must not be empty"));
        } else if (text.length() > maxChars) {
            out.add(new Violation(field, "has " + text.length() + " characters; the limit is " + maxChars));
        }
    }

    public static void required(String field, Object value, List<Violation> out) {
        if (value == null || value instanceof String s && s.isBlank()) {
            out.add(new Violation(field, "is required"));
        }
    }

    /** At least two choices, at most {@link #MAX_CHOICES}, each non-empty, no two the same (ignoring case and white space). */
    public static void choices(String field, List<String> choices, List<Violation> out) {
        if (choices == null) {
            out.add(new Violation(field, "is required"));
            return;
        }
        if (choices.size() < 2) {
            out.add(new Violation(field, "needs at least 2 choices, got " + choices.size()));
        } else if (choices.size() > MAX_CHOICES) {
            out.add(new Violation(field, "has " + choices.size() + " choices; the limit is " + MAX_CHOICES));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < choices.size(); i++) {
            String choice = choices.get(i);
            String at = field + "[" + i + "]";
            int before = out.size();
            text(at, choice, MAX_CHOICE_CHARS, out);
            if (out.size() == before && !seen.add(Text.comparisonKey(choice))) {
                out.add(new Violation(at, "duplicates an earlier choice"));
            }
        }
    }

    public static void choiceIndex(String field, int index, List<String> choices, List<Violation> out) {
        int count = choices == null ? 0 : choices.size();
        if (index < 0 || index >= count) {
            out.add(new Violation(field, "is " + index + " but must be a 0-based index below the " + count + " choices"));
        }
    }

    public static void id(String expected, String actual, List<Violation> out) {
        if (!expected.equals(actual)) {
            out.add(new Violation("id", "'" + abbreviate(String.valueOf(actual)) + "' is not the content id " + expected));
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
