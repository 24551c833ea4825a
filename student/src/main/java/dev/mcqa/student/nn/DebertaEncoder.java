package dev.mcqa.student.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.mcqa.student.EncoderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DeBERTa-v2/v3 encoder. Attention scores are content-to-content plus the disentangled terms:
 * content-to-position (c2p: queries against projected relative-position embeddings) and
 * position-to-content (p2c: keys against them), all divided by sqrt(d * (1 + number of terms)).
 * Relative positions are log-bucketed beyond half the bucket count; the relative embeddings get a
 * LayerNorm (norm_rel_ebd) and share the layer's query/key projections (share_att_key). Without
 * position_biased_input there are no absolute position embeddings.
 */
public final class DebertaEncoder extends EncoderBlock {
    private final EncoderConfig config;
    private final float scale;
    private final boolean c2p;
    private final boolean p2c;
    private final Lookup words;
    private final Lookup positions;
    private final Lookup types;
    private final Norm embeddingNorm;
    private final Lookup relativeEmbeddings;
    private final Norm relativeNorm;
    private final List<TransformerLayer> layers = new ArrayList<>();

    public DebertaEncoder(EncoderConfig config) {
        this.config = config;
        if (!config.relativeAttention()) {
            throw new IllegalArgumentException("DeBERTa without relative_attention is not supported");
        }
        if (!config.shareAttentionKey()) {
            throw new IllegalArgumentException("DeBERTa with share_att_key=false is not supported (v3 checkpoints share them)");
        }
        c2p = config.positionAttention().contains("c2p");
        p2c = config.positionAttention().contains("p2c");
        int scaleFactor = 1 + (c2p ? 1 : 0) + (p2c ? 1 : 0);
        scale = (float) Math.sqrt((double) config.headSize() * scaleFactor);
        int h = config.hiddenSize();
        words = addChildBlock("words", new Lookup(config.vocabSize(), h));
        positions = config.positionBiasedInput() ? addChildBlock("positions", new Lookup(config.maxPositions(), h)) : null;
        types = config.usesTokenTypes() ? addChildBlock("types", new Lookup(config.typeVocabSize(), h)) : null;
        embeddingNorm = addChildBlock("embeddingNorm", new Norm(h, config.layerNormEps()));
        relativeEmbeddings = addChildBlock("relativeEmbeddings", new Lookup(2L * config.attentionSpan(), h));
        relativeNorm = config.normRelativeEmbeddings() ? addChildBlock("relativeNorm", new Norm(h, config.layerNormEps())) : null;
        for (int i = 0; i < config.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new TransformerLayer(h, config.heads(), config.intermediateSize(),
                    config.layerNormEps(), config.dropout().hidden(), config.dropout().attention(), "query_proj", "key_proj", "value_proj")));
        }
    }

    @Override
    public NDArray encode(ParameterStore store, NDArray ids, NDArray mask, NDArray tokenTypes, boolean training) {
        NDManager manager = ids.getManager();
        long n = ids.getShape().get(0);
        int length = (int) ids.getShape().get(1);
        NDArray x = words.apply(store, ids, training);
        if (positions != null) {
            x = x.add(positions.apply(store, manager.arange(0, length, 1, DataType.INT64).reshape(1, length), training));
        }
        if (types != null) {
            x = x.add(types.apply(store, tokenTypes != null ? tokenTypes : ids.zerosLike(), training));
        }
        x = embeddingNorm.apply(store, x, training).mul(mask.toType(DataType.FLOAT32, false).expandDims(2));
        x = TransformerLayer.drop(x, config.dropout().hidden(), training);

        NDArray relative = relativeEmbeddings.table(store, ids.getDevice(), training);
        if (relativeNorm != null) {
            relative = relativeNorm.apply(store, relative, training);
        }
        relative = TransformerLayer.drop(relative, config.dropout().hidden(), training).expandDims(0); // HF's pos_dropout
        int span = config.attentionSpan();
        long[] buckets = RelativePositions.buckets(length, config.positionBuckets(), config.maxRelativePositions());
        Shape scores = new Shape(n, config.heads(), length, length);
        NDArray c2pIndex = manager.create(RelativePositions.clampedIndex(buckets, span, 1), new Shape(1, 1, length, length)).broadcast(scores);
        NDArray p2cIndex = manager.create(RelativePositions.clampedIndex(buckets, span, -1), new Shape(1, 1, length, length)).broadcast(scores);
        NDArray keyMask = keyMask(mask);
        for (TransformerLayer layer : layers) {
            NDArray rel = relative;
            x = layer.apply(store, x, keyMask, scale, (q, k) -> {
                NDArray bias = null;
                if (c2p) {
                    NDArray positionKeys = layer.splitHeads(layer.key.apply(store, rel, training));
                    bias = q.matMul(positionKeys.transpose(0, 1, 3, 2)).gather(c2pIndex, -1).div(scale);
                }
                if (p2c) {
                    NDArray positionQueries = layer.splitHeads(layer.query.apply(store, rel, training));
                    NDArray term = k.matMul(positionQueries.transpose(0, 1, 3, 2)).gather(p2cIndex, -1)
                            .transpose(0, 1, 3, 2).div(scale);
                    bias = bias == null ? term : bias.add(term);
                }
                return bias;
            }, training);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.hiddenSize())};
    }

    @Override
    public void nameParameters(String prefix, Map<String, Parameter> out) {
        words.nameParameters(NamedBlock.join(prefix, "embeddings.word_embeddings"), out);
        if (positions != null) {
            positions.nameParameters(NamedBlock.join(prefix, "embeddings.position_embeddings"), out);
        }
        if (types != null) {
            types.nameParameters(NamedBlock.join(prefix, "embeddings.token_type_embeddings"), out);
        }
        embeddingNorm.nameParameters(NamedBlock.join(prefix, "embeddings.LayerNorm"), out);
        relativeEmbeddings.nameParameters(NamedBlock.join(prefix, "encoder.rel_embeddings"), out);
        if (relativeNorm != null) {
            relativeNorm.nameParameters(NamedBlock.join(prefix, "encoder.LayerNorm"), out);
        }
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).nameParameters(NamedBlock.join(prefix, "encoder.layer." + i), out);
        }
    }
}
