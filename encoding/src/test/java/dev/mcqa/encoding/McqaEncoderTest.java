package dev.mcqa.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class McqaEncoderTest {

    @ParameterizedTest
    @ValueSource(strings = {"bert-tiny", "deberta-v3-tiny"})
    void encodesExactlyAsTransformersDid(String model) throws Exception {
        JsonNode expected = Fixtures.expected(model);
        try (McqaEncoder encoder = McqaEncoder.open(Fixtures.dir(model).resolve("tokenizer.json"), 512, true, 0)) {
            EncodedBatch batch = encoder.encode(Fixtures.questions(expected));
            assertEquals(4, batch.batch());
            assertEquals(4, batch.choices());
            assertArrayEquals(longs(expected.get("input_ids")), batch.inputIds());
            assertArrayEquals(longs(expected.get("attention_mask")), batch.attentionMask());
            assertArrayEquals(longs(expected.get("token_type_ids")), batch.tokenTypeIds());
        }
    }

    @Test
    void cutsTheMiddleOfTheQuestionAndKeepsItsEndAndTheWholeChoice() throws Exception {
        String question = "the passage begins here. " + "word ".repeat(100) + "which one is right?";
        String choice = "alpha beta gamma";
        try (McqaEncoder encoder = McqaEncoder.open(Fixtures.dir("bert-tiny").resolve("tokenizer.json"), 32, false, 0);
             McqaEncoder roomy = McqaEncoder.open(Fixtures.dir("bert-tiny").resolve("tokenizer.json"), 512, false, 0)) {
            long[] choiceTokens = inner(roomy, "q", choice, true);
            long[] questionTokens = inner(roomy, question, "x", false);
            long[] end = Arrays.copyOfRange(questionTokens, questionTokens.length - 5, questionTokens.length);
            long[] head = Arrays.copyOfRange(questionTokens, 0, 4);

            EncodedBatch cut = encoder.encode(List.of(new McqaInput(question, List.of(choice, "x"))));
            assertEquals(32, cut.length());
            assertNull(cut.tokenTypeIds());
            long[] pair = Arrays.copyOfRange(cut.inputIds(), 0, 32);
            long sep = pair[31];
            int firstSep = Arrays.stream(Arrays.copyOfRange(pair, 1, 31)).boxed().toList().indexOf(sep) + 1;
            assertArrayEquals(choiceTokens, Arrays.copyOfRange(pair, firstSep + 1, 31), "the whole choice survives");
            assertArrayEquals(end, Arrays.copyOfRange(pair, firstSep - 5, firstSep), "the end of the question survives");
            assertArrayEquals(head, Arrays.copyOfRange(pair, 1, 5), "the start of the question survives");
            assertEquals(2, encoder.truncatedPairs(new McqaInput(question, List.of(choice, "x"))));
            assertEquals(0, roomy.truncatedPairs(new McqaInput(question, List.of(choice, "x"))));
        }
    }

    /** The tokens of the question ({@code ofChoice} false) or of the choice of an uncut pair, without special tokens. */
    private static long[] inner(McqaEncoder roomy, String question, String choice, boolean ofChoice) {
        EncodedBatch batch = roomy.encode(List.of(new McqaInput(question, List.of(choice, "y"))));
        long[] ids = Arrays.copyOfRange(batch.inputIds(), 0, batch.length());
        long sep = ids[ids.length - 1];
        int firstSep = Arrays.stream(Arrays.copyOfRange(ids, 1, ids.length - 1)).boxed().toList().indexOf(sep) + 1;
        return ofChoice ? Arrays.copyOfRange(ids, firstSep + 1, ids.length - 1) : Arrays.copyOfRange(ids, 1, firstSep);
    }

    @Test
    void cutsAChoiceThatAloneIsTooLong() throws Exception {
        try (McqaEncoder encoder = McqaEncoder.open(Fixtures.dir("bert-tiny").resolve("tokenizer.json"), 16, true, 0)) {
            EncodedBatch batch = encoder.encode(List.of(new McqaInput("q", List.of("word ".repeat(40), "x"))));
            assertEquals(16, batch.length());
            assertTrue(Arrays.stream(batch.attentionMask()).limit(16).allMatch(m -> m == 1));
        }
    }

    private static long[] longs(JsonNode array) {
        return Arrays.stream(Fixtures.flat(array)).mapToLong(d -> (long) d).toArray();
    }
}
