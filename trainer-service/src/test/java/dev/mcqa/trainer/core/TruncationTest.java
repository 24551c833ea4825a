package dev.mcqa.trainer.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.MmluSplit;
import dev.mcqa.contract.Seed;
import dev.mcqa.encoding.EncodedBatch;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.student.Backbones;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Long MMLU items ask their question last: at 128 tokens of MiniLM, what is asked must survive the cut. */
class TruncationTest {
    private static final int MAX_LENGTH = 128;
    private static McqaEncoder encoder;
    private static McqaEncoder roomy;
    private static Map<String, MmluSplit.Halves> split;

    @BeforeAll
    static void open() throws Exception {
        try (InputStream in = Backbones.tokenizer(Backbones.MINILM)) {
            byte[] json = in.readAllBytes();
            encoder = McqaEncoder.open(new java.io.ByteArrayInputStream(json), MAX_LENGTH, true, 0);
            roomy = McqaEncoder.open(new java.io.ByteArrayInputStream(json), 4096, true, 0);
        }
        split = MmluSplit.read(Path.of("../data/mmlu/test-public"));
    }

    @AfterAll
    static void close() {
        encoder.close();
        roomy.close();
    }

    @Test
    void theFirstUsHistoryEvaluationItemKeepsItsFinalSentence() {
        Seed item = split.get("high_school_us_history").evaluation().get(0);
        assertTrue(encoder.truncatedPairs(new McqaInput(item.question(), item.choices())) > 0, "the item is long enough to be cut");
        for (int pair = 0; pair < item.choices().size(); pair++) {
            assertTrue(keepsFinalSentence(item, pair), "pair " + pair + " lost \"" + finalSentence(item.question()) + "\"");
        }
    }

    @Test
    void almostNoCutQuestionLosesItsFinalSentence() {
        int questions = 0;
        int cut = 0;
        int lost = 0;
        for (MmluSplit.Halves halves : split.values()) {
            for (Seed item : halves.evaluation()) {
                questions++;
                if (encoder.truncatedPairs(new McqaInput(item.question(), item.choices())) == 0) {
                    continue;
                }
                cut++;
                boolean everyPairLost = true;
                for (int pair = 0; pair < item.choices().size(); pair++) {
                    everyPairLost &= !keepsFinalSentence(item, pair);
                }
                lost += everyPairLost ? 1 : 0;
            }
        }
        System.out.printf("MiniLM at %d tokens, MMLU evaluation half: %d of %d questions cut (%.1f%%); the final sentence lost from every pair in %d of them (%.1f%%)%n",
                MAX_LENGTH, cut, questions, 100.0 * cut / questions, lost, 100.0 * lost / Math.max(1, cut));
        assertTrue(cut > questions / 20, "the test needs long questions: " + cut);
        assertTrue(lost <= cut / 50, lost + " of " + cut + " cut questions lost their final sentence");
    }

    /** Whether the tokens of the question's final sentence appear, in order, in pair {@code pair} of the 128-token encoding. */
    private static boolean keepsFinalSentence(Seed item, int pair) {
        EncodedBatch batch = encoder.encode(List.of(new McqaInput(item.question(), item.choices())));
        long[] ids = Arrays.copyOfRange(batch.inputIds(), pair * batch.length(), (pair + 1) * batch.length());
        long[] sentence = questionTokens(finalSentence(item.question()));
        return Collections.indexOfSubList(boxed(ids), boxed(sentence)) >= 0;
    }

    private static long[] questionTokens(String text) {
        EncodedBatch batch = roomy.encode(List.of(new McqaInput(text, List.of("x", "y"))));
        long[] ids = Arrays.copyOfRange(batch.inputIds(), 0, batch.length());
        long sep = ids[ids.length - 1];
        int firstSep = boxed(ids).subList(1, ids.length).indexOf(sep) + 1;
        return Arrays.copyOfRange(ids, 1, firstSep);
    }

    /** The text after the last sentence break before the end. */
    static String finalSentence(String question) {
        String text = question.strip();
        int end = text.length() - 1;
        int cut = -1;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n' || ((c == '.' || c == '?' || c == '!') && Character.isWhitespace(text.charAt(i + 1)))) {
                cut = i;
            }
        }
        return text.substring(cut + 1).strip();
    }

    private static List<Long> boxed(long[] values) {
        List<Long> list = new ArrayList<>(values.length);
        for (long v : values) {
            list.add(v);
        }
        return list;
    }
}
