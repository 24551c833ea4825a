package dev.mcqa.contract;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Text normalisation used for ids and for telling two texts apart. */
public final class Text {
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    private Text() {
    }

    /** Unicode NFC, white-space runs folded to one space, trimmed. Case is kept: it can carry meaning. */
    public static String normalise(String text) {
        return WHITE_SPACE.matcher(Normalizer.normalize(text, Normalizer.Form.NFC)).replaceAll(" ").strip();
    }

    /** The key under which two texts count as the same choice or near-copy: normalised and lower-cased. */
    public static String comparisonKey(String text) {
        return normalise(text).toLowerCase(Locale.ROOT);
    }
}
