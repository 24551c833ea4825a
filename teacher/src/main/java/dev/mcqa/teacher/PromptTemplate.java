package dev.mcqa.teacher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A versioned prompt: a classpath resource {@code prompts/<version>.txt} with {@code {{name}}}
 * placeholders. The version (the file name) is recorded as lineage, so a changed prompt must get a
 * new file, never an edit.
 */
public final class PromptTemplate {
    /** The system message of generation calls. */
    public static final String WRITER_SYSTEM = "You write exam questions. Follow the output format exactly.";
    /** The system message of scoring calls. */
    public static final String ANSWERER_SYSTEM = "You answer multiple-choice questions with the letter of the correct choice only.";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
    private final String version;
    private final String text;

    private PromptTemplate(String version, String text) {
        this.version = version;
        this.text = text;
    }

    public static PromptTemplate load(String version) {
        String resource = "prompts/" + version + ".txt";
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no prompt resource " + resource);
            }
            return new PromptTemplate(version, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String version() {
        return version;
    }

    /** The text with every placeholder filled; a placeholder without a value is an error. */
    public String fill(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("prompt " + version + " needs a value for {{" + m.group(1) + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
