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
    void cutsTheQuestionBeforeTheChoice() throws Exception {
        String question = "word ".repeat(100).strip();
        String choice = "alpha beta gamma";
        try (McqaEncoder encoder = McqaEncoder.open(Fixtures.dir("bert-tiny").resolve("tokenizer.json"), 16, false, 0)) {
            EncodedBatch shortPair = encoder.encode(List.of(new McqaInput("q", List.of(choice, "x"))));
            long[] alone = Arrays.copyOfRange(shortPair.inputIds(), 0, shortPair.length());
            int choiceEnd = Arrays.asList(Arrays.stream(alone).boxed().toArray(Long[]::new)).lastIndexOf(alone[2]);
            long[] choiceTokens = Arrays.copyOfRange(alone, 3, choiceEnd); // [CLS] q [SEP] choice... [SEP]

            EncodedBatch cut = encoder.encode(List.of(new McqaInput(question, List.of(choice, "x"))));
            assertEquals(16, cut.length());
            assertNull(cut.tokenTypeIds());
            long[] pair = Arrays.copyOfRange(cut.inputIds(), 0, 16);
            assertArrayEquals(choiceTokens, Arrays.copyOfRange(pair, 15 - choiceTokens.length, 15), "the whole choice survives");
            assertEquals(alone[2], pair[15], "the pair ends in [SEP]");
            int kept = 15 - choiceTokens.length - 2; // [CLS] question... [SEP] choice... [SEP]
            try (McqaEncoder roomy = McqaEncoder.open(Fixtures.dir("bert-tiny").resolve("tokenizer.json"), 512, false, 0)) {
                long[] whole = roomy.encode(List.of(new McqaInput(question, List.of(choice, "x")))).inputIds();
                assertArrayEquals(Arrays.copyOfRange(whole, 1, 1 + kept), Arrays.copyOfRange(pair, 1, 1 + kept),
                        "the start of the question is kept, its end cut");
            }
        }
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
