package dev.mcqa.student;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The architecture of a student encoder, read from a Hugging Face config.json. Fields beyond BERT's
 * are DeBERTa-v2/v3's (relative attention); they are ignored for BERT.
 *
 * @param positionBuckets      log-bucketed relative positions (DeBERTa-v3: 256); 0 for none
 * @param maxRelativePositions the span of relative positions; config's -1 means max_position_embeddings
 * @param positionAttention    DeBERTa's disentangled terms: "c2p" and/or "p2c"
 * @param dropout              the dropout rates of training, as the checkpoint's config gives them
 */
public record EncoderConfig(Architecture architecture, int vocabSize, int hiddenSize, int layers, int heads,
                            int intermediateSize, int maxPositions, int typeVocabSize, float layerNormEps,
                            String hiddenAct, int padTokenId, boolean relativeAttention, int positionBuckets,
                            int maxRelativePositions, List<String> positionAttention, boolean shareAttentionKey,
                            boolean normRelativeEmbeddings, boolean positionBiasedInput, String poolerHiddenAct,
                            DropoutRates dropout) {

    /**
     * Dropout where Hugging Face's modules have it: {@code hidden} after the embeddings and after each
     * attention and feed-forward output (hidden_dropout_prob), {@code attention} on the attention
     * probabilities (attention_probs_dropout_prob), {@code pooler} on the first token before
     * DeBERTa's ContextPooler (pooler_dropout; BERT's pooler has none), {@code classifier} before the
     * classifier (BERT classifier_dropout, DeBERTa cls_dropout; both default to hidden_dropout_prob).
     */
    public record DropoutRates(float hidden, float attention, float pooler, float classifier) {
        public static DropoutRates parse(JsonNode c, boolean deberta) {
            float hidden = (float) c.path("hidden_dropout_prob").asDouble(0.1);
            JsonNode classifier = c.path(deberta ? "cls_dropout" : "classifier_dropout");
            return new DropoutRates(hidden, (float) c.path("attention_probs_dropout_prob").asDouble(0.1),
                    deberta ? (float) c.path("pooler_dropout").asDouble(0) : 0f,
                    classifier.isNumber() ? (float) classifier.asDouble() : hidden);
        }
    }

    public enum Architecture {
        /** BERT, MiniLM, bge, e5: post-LayerNorm, absolute positions, token types. */
        BERT,
        /** DeBERTa-v2/v3: disentangled attention over relative positions. */
        DEBERTA_V2
    }

    public EncoderConfig {
        positionAttention = List.copyOf(positionAttention);
        if (hiddenSize % heads != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + " is not a multiple of " + heads + " heads");
        }
        if (!"gelu".equals(hiddenAct)) {
            throw new IllegalArgumentException("hidden_act '" + hiddenAct + "' is not supported; only gelu");
        }
    }

    public int headSize() {
        return hiddenSize / heads;
    }

    public boolean usesTokenTypes() {
        return typeVocabSize > 0;
    }

    /** The relative position span of the embeddings table: the buckets if any, else the max relative positions. */
    public int attentionSpan() {
        return positionBuckets > 0 ? positionBuckets : maxRelativePositions;
    }

    /** This configuration as a Hugging Face config.json that {@link #parse} reads back. */
    public ObjectNode toJson() {
        ObjectNode c = new ObjectMapper().createObjectNode();
        boolean deberta = architecture == Architecture.DEBERTA_V2;
        c.put("model_type", deberta ? "deberta-v2" : "bert");
        c.putArray("architectures").add(deberta ? "DebertaV2ForMultipleChoice" : "BertForMultipleChoice");
        c.put("vocab_size", vocabSize).put("hidden_size", hiddenSize).put("num_hidden_layers", layers)
                .put("num_attention_heads", heads).put("intermediate_size", intermediateSize)
                .put("max_position_embeddings", maxPositions).put("type_vocab_size", typeVocabSize)
                .put("layer_norm_eps", layerNormEps).put("hidden_act", hiddenAct).put("pad_token_id", padTokenId)
                .put("hidden_dropout_prob", dropout.hidden()).put("attention_probs_dropout_prob", dropout.attention())
                .put(deberta ? "cls_dropout" : "classifier_dropout", dropout.classifier());
        if (deberta) {
            c.put("pooler_dropout", dropout.pooler());
            c.put("relative_attention", relativeAttention).put("position_buckets", positionBuckets)
                    .put("max_relative_positions", maxRelativePositions).put("share_att_key", shareAttentionKey)
                    .put("norm_rel_ebd", normRelativeEmbeddings ? "layer_norm" : "none")
                    .put("position_biased_input", positionBiasedInput).put("pooler_hidden_act", poolerHiddenAct);
            positionAttention.forEach(c.putArray("pos_att_type")::add);
        }
        return c;
    }

    public static EncoderConfig read(Path configJson) throws IOException {
        return parse(new ObjectMapper().readTree(configJson.toFile()));
    }

    public static EncoderConfig parse(JsonNode c) {
        String type = c.path("model_type").asText("bert");
        Architecture architecture = switch (type) {
            case "bert" -> Architecture.BERT;
            case "deberta-v2" -> Architecture.DEBERTA_V2;
            default -> throw new IllegalArgumentException("model_type '" + type + "' is not supported; use bert or deberta-v2");
        };
        int maxPositions = c.path("max_position_embeddings").asInt(512);
        int maxRelative = c.path("max_relative_positions").asInt(-1);
        List<String> posAtt = new ArrayList<>();
        JsonNode posAttType = c.path("pos_att_type");
        if (posAttType.isArray()) {
            posAttType.forEach(p -> posAtt.add(p.asText().toLowerCase(Locale.ROOT)));
        } else if (posAttType.isTextual()) {
            for (String p : posAttType.asText().split("\\|")) {
                posAtt.add(p.strip().toLowerCase(Locale.ROOT));
            }
        }
        boolean deberta = architecture == Architecture.DEBERTA_V2;
        return new EncoderConfig(architecture, required(c, "vocab_size"), required(c, "hidden_size"),
                required(c, "num_hidden_layers"), required(c, "num_attention_heads"), required(c, "intermediate_size"),
                maxPositions, c.path("type_vocab_size").asInt(deberta ? 0 : 2),
                (float) c.path("layer_norm_eps").asDouble(deberta ? 1e-7 : 1e-12), c.path("hidden_act").asText("gelu"),
                c.path("pad_token_id").asInt(0), deberta && c.path("relative_attention").asBoolean(false),
                c.path("position_buckets").asInt(-1) > 0 ? c.path("position_buckets").asInt() : 0,
                maxRelative < 1 ? maxPositions : maxRelative, posAtt, c.path("share_att_key").asBoolean(false),
                c.path("norm_rel_ebd").asText("none").contains("layer_norm"),
                c.path("position_biased_input").asBoolean(true), c.path("pooler_hidden_act").asText("gelu"),
                DropoutRates.parse(c, deberta));
    }

    private static int required(JsonNode config, String field) {
        if (!config.path(field).isInt()) {
            throw new IllegalArgumentException("config.json lacks the integer '" + field + "'");
        }
        return config.get(field).asInt();
    }
}
