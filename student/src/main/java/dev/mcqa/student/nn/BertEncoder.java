package dev.mcqa.student.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.mcqa.student.EncoderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** BERT-family encoder (BERT, MiniLM, bge, e5): word + absolute position + token type embeddings, post-LN layers. */
public final class BertEncoder extends EncoderBlock {
    private final float embeddingDropout;
    private final float scale;
    private final Lookup words;
    private final Lookup positions;
    private final Lookup types;
    private final Norm embeddingNorm;
    private final List<TransformerLayer> layers = new ArrayList<>();

    public BertEncoder(EncoderConfig config) {
        int h = config.hiddenSize();
        scale = (float) Math.sqrt(config.headSize());
        embeddingDropout = config.dropout().hidden();
        words = addChildBlock("words", new Lookup(config.vocabSize(), h));
        positions = addChildBlock("positions", new Lookup(config.maxPositions(), h));
        types = config.usesTokenTypes() ? addChildBlock("types", new Lookup(config.typeVocabSize(), h)) : null;
        embeddingNorm = addChildBlock("embeddingNorm", new Norm(h, config.layerNormEps()));
        for (int i = 0; i < config.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new TransformerLayer(h, config.heads(), config.intermediateSize(),
                    config.layerNormEps(), config.dropout().hidden(), config.dropout().attention(), "query", "key", "value")));
        }
    }

    @Override
    public NDArray encode(ParameterStore store, NDArray ids, NDArray mask, NDArray tokenTypes, boolean training) {
        long length = ids.getShape().get(1);
        NDArray positionIds = ids.getManager().arange(0, (int) length, 1, DataType.INT64).reshape(1, length);
        NDArray x = words.apply(store, ids, training).add(positions.apply(store, positionIds, training));
        if (types != null) {
            NDArray typeIds = tokenTypes != null ? tokenTypes : ids.zerosLike();
            x = x.add(types.apply(store, typeIds, training));
        }
        x = TransformerLayer.drop(embeddingNorm.apply(store, x, training), embeddingDropout, training);
        NDArray keyMask = keyMask(mask);
        for (TransformerLayer layer : layers) {
            x = layer.apply(store, x, keyMask, scale, null, training);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(embeddingNorm.getDirectParameters().get("weight").getShape().get(0))};
    }

    @Override
    public void nameParameters(String prefix, Map<String, Parameter> out) {
        words.nameParameters(NamedBlock.join(prefix, "embeddings.word_embeddings"), out);
        positions.nameParameters(NamedBlock.join(prefix, "embeddings.position_embeddings"), out);
        if (types != null) {
            types.nameParameters(NamedBlock.join(prefix, "embeddings.token_type_embeddings"), out);
        }
        embeddingNorm.nameParameters(NamedBlock.join(prefix, "embeddings.LayerNorm"), out);
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).nameParameters(NamedBlock.join(prefix, "encoder.layer." + i), out);
        }
    }
}
