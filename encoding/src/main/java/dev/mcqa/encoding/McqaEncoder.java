package dev.mcqa.encoding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
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
 * {@code [CLS] question [SEP] choice [SEP]} with the model's own tokenizer.json.
 *
 * <p>A pair longer than {@code maxLength} keeps the whole choice (it is what is being judged) and
 * cuts the question in its middle: a quarter of the question's budget goes to its head, the rest to
 * its end. Long MMLU items put a passage first and the actual question last ("This question refers
 * to the following information. ... Which of the following ...?"), so cutting the end, as the
 * tokenizers' own truncation does, would remove what is asked. The cut is made on the text at token
 * boundaries and the shortened text tokenised again, so any tokenizer's pair template applies
 * unchanged. Only a choice too long to leave room for a question is cut itself (longest first).
 */
public final class McqaEncoder implements AutoCloseable {
    /** Below this many question tokens, a cut question is no longer worth keeping whole choices for. */
    private static final int MIN_QUESTION_TOKENS = 8;
    /** Marks where the question was cut. */
    static final String CUT = " ... ";
    private final HuggingFaceTokenizer whole;
    private final HuggingFaceTokenizer longestFirst;
    private final int maxLength;
    private final boolean tokenTypes;
    private final long padId;

    private McqaEncoder(HuggingFaceTokenizer whole, HuggingFaceTokenizer longestFirst, int maxLength,
                        boolean tokenTypes, long padId) {
        this.whole = whole;
        this.longestFirst = longestFirst;
        this.maxLength = maxLength;
        this.tokenTypes = tokenTypes;
        this.padId = padId;
    }

    /**
     * The encoder a released artifact directory was trained with: its tokenizer.json, and the maximum
     * length and pad token id its model-card.json records.
     */
    public static McqaEncoder forArtifact(Path directory, boolean tokenTypes) throws IOException {
        JsonNode card = new ObjectMapper().readTree(directory.resolve("model-card.json").toFile());
        return open(directory.resolve("tokenizer.json"), card.path("maxLength").asInt(128), tokenTypes,
                card.path("architecture").path("pad_token_id").asInt(0));
    }

    /**
     * @param tokenizerJson the model's tokenizer.json
     * @param maxLength     most tokens per pair, special tokens included
     * @param tokenTypes    whether the model takes token type ids (BERT does; DeBERTa-v3 has type_vocab_size 0)
     * @param padId         the model's padding token id
     */
    public static McqaEncoder open(Path tokenizerJson, int maxLength, boolean tokenTypes, long padId) throws IOException {
        return new McqaEncoder(HuggingFaceTokenizer.newInstance(tokenizerJson, options(maxLength, "false")),
                HuggingFaceTokenizer.newInstance(tokenizerJson, options(maxLength, "longest_first")),
                maxLength, tokenTypes, padId);
    }

    /** As {@link #open(Path, int, boolean, long)}, from a stream (e.g. a tokenizer inside a jar); the stream is read twice over, so it is buffered. */
    public static McqaEncoder open(InputStream tokenizerJson, int maxLength, boolean tokenTypes, long padId) throws IOException {
        byte[] json = tokenizerJson.readAllBytes();
        return new McqaEncoder(
                HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options(maxLength, "false")),
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

    /** How many of a question's (question, choice) pairs are longer than {@code maxLength} and so get cut. */
    public int truncatedPairs(McqaInput question) {
        int truncated = 0;
        for (String choice : question.choices()) {
            truncated += whole.encode(question.question(), choice).getIds().length > maxLength ? 1 : 0;
        }
        return truncated;
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
        Encoding pair = whole.encode(question, choice);
        int excess = pair.getIds().length - maxLength;
        if (excess <= 0) {
            return pair;
        }
        Encoding alone = whole.encode(question, false, false);
        CharSpan[] spans = alone.getCharTokenSpans();
        int keep = spans.length - excess;
        // The join and the cut mark may tokenise into a few more tokens than were counted: cut again by what is over.
        for (int attempt = 0; attempt < 4 && keep >= MIN_QUESTION_TOKENS; attempt++) {
            pair = whole.encode(middleCut(question, spans, keep), choice);
            int over = pair.getIds().length - maxLength;
            if (over <= 0) {
                return pair;
            }
            keep -= over;
        }
        // The choice alone leaves (almost) no room for the question: cut both, longest first.
        return longestFirst.encode(question, choice);
    }

    /** The question with its middle removed at token boundaries: the first quarter of {@code keep} tokens, the cut mark, the last tokens. */
    static String middleCut(String question, CharSpan[] spans, int keep) {
        int head = keep / 4;
        int tail = keep - head - 1; // the cut mark costs at least one token
        String start = head == 0 ? "" : question.substring(0, spans[head - 1].getEnd());
        return start + CUT + question.substring(spans[spans.length - tail].getStart());
    }

    @Override
    public void close() {
        whole.close();
        longestFirst.close();
    }
}
