package dev.mcqa.encoding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The one input encoding of the project, used by training and by inference alike, so that a model
 * is served with exactly the inputs it was trained on. Each (question, choice) pair becomes
 * {@code [CLS] question [SEP] choice [SEP]} with the model's own tokenizer.json; a pair longer than
 * {@code maxLength} loses tokens from the end of the question first (the choice is what is being
 * judged), and only if the choice alone does not fit is the choice cut too.
 */
public final class McqaEncoder implements AutoCloseable {
    private final HuggingFaceTokenizer questionFirst;
    private final HuggingFaceTokenizer longestFirst;
    private final int maxLength;
    private final boolean tokenTypes;
    private final long padId;

    private McqaEncoder(HuggingFaceTokenizer questionFirst, HuggingFaceTokenizer longestFirst, int maxLength,
                        boolean tokenTypes, long padId) {
        this.questionFirst = questionFirst;
        this.longestFirst = longestFirst;
        this.maxLength = maxLength;
        this.tokenTypes = tokenTypes;
        this.padId = padId;
    }

    /**
     * @param tokenizerJson the model's tokenizer.json
     * @param maxLength     most tokens per pair, special tokens included
     * @param tokenTypes    whether the model takes token type ids (BERT does; DeBERTa-v3 has type_vocab_size 0)
     * @param padId         the model's padding token id
     */
    /**
     * The encoder a released artifact directory was trained with: its tokenizer.json, and the maximum
     * length and pad token id its model-card.json records.
     */
    public static McqaEncoder forArtifact(Path directory, boolean tokenTypes) throws IOException {
        JsonNode card = new ObjectMapper().readTree(directory.resolve("model-card.json").toFile());
        return open(directory.resolve("tokenizer.json"), card.path("maxLength").asInt(128), tokenTypes,
                card.path("architecture").path("pad_token_id").asInt(0));
    }

    public static McqaEncoder open(Path tokenizerJson, int maxLength, boolean tokenTypes, long padId) throws IOException {
        return new McqaEncoder(HuggingFaceTokenizer.newInstance(tokenizerJson, options(maxLength, "only_first")),
                HuggingFaceTokenizer.newInstance(tokenizerJson, options(maxLength, "longest_first")),
                maxLength, tokenTypes, padId);
    }

    /** As {@link #open(Path, int, boolean, long)}, from a stream (e.g. a tokenizer inside a jar); the stream is read twice over, so it is buffered. */
    public static McqaEncoder open(InputStream tokenizerJson, int maxLength, boolean tokenTypes, long padId) throws IOException {
        byte[] json = tokenizerJson.readAllBytes();
        return new McqaEncoder(
                HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options(maxLength, "only_first")),
                HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options(maxLength, "longest_first")),
                maxLength, tokenTypes, padId);
    }

    private static Map<String, String> options(int maxLength, String truncation) {
        return Map.of("maxLength", Integer.toString(maxLength), "truncation", truncation,
                "padding", "false", "addSpecialTokens", "true");
    }

    public int maxLength() {
        return maxLength;
    }

    public boolean tokenTypes() {
        return tokenTypes;
    }

    /** Encodes questions that all have the same number of choices. */
    public EncodedBatch encode(List<McqaInput> questions) {
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("nothing to encode");
        }
        int choices = questions.get(0).choices().size();
        List<Encoding> pairs = new ArrayList<>();
        int length = 0;
        for (McqaInput question : questions) {
            if (question.choices().size() != choices) {
                throw new IllegalArgumentException("a batch needs one choice count; got " + choices + " and " + question.choices().size());
            }
            for (String choice : question.choices()) {
                Encoding pair = encodePair(question.question(), choice);
                pairs.add(pair);
                length = Math.max(length, pair.getIds().length);
            }
        }
        int rows = pairs.size();
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * length];
        long[] types = tokenTypes ? new long[rows * length] : null;
        Arrays.fill(ids, padId);
        for (int row = 0; row < rows; row++) {
            Encoding pair = pairs.get(row);
            long[] pairIds = pair.getIds();
            System.arraycopy(pairIds, 0, ids, row * length, pairIds.length);
            Arrays.fill(mask, row * length, row * length + pairIds.length, 1L);
            if (types != null) {
                System.arraycopy(pair.getTypeIds(), 0, types, row * length, pairIds.length);
            }
        }
        return new EncodedBatch(questions.size(), choices, length, ids, mask, types);
    }

    private Encoding encodePair(String question, String choice) {
        try {
            return questionFirst.encode(question, choice);
        } catch (RuntimeException questionTooShortToCut) {
            // The choice alone is longer than the budget: cut both, longest first.
            return longestFirst.encode(question, choice);
        }
    }

    @Override
    public void close() {
        questionFirst.close();
        longestFirst.close();
    }
}
