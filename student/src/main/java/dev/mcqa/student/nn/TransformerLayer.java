package dev.mcqa.student.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * One post-LayerNorm transformer layer as in BERT and DeBERTa: self-attention, residual + LayerNorm,
 * GELU feed-forward, residual + LayerNorm. The attention may add a bias to the scores (DeBERTa's
 * disentangled terms); the query/key/value names differ between the two families.
 */
public final class TransformerLayer extends AbstractBlock implements NamedBlock {

    /** Extra attention scores [N, heads, S, S] from the per-head queries and keys [N, heads, S, d]. */
    public interface ScoreBias {
        NDArray apply(NDArray queries, NDArray keys);
    }

    private final int heads;
    private final float hiddenDropout;
    private final float attentionDropout;
    private final String[] qkvNames;
    final Dense query;
    final Dense key;
    final Dense value;
    private final Dense attentionOut;
    private final Norm attentionNorm;
    private final Dense intermediate;
    private final Dense output;
    private final Norm outputNorm;

    /**
     * @param hiddenDropout    on the attention and feed-forward outputs
     * @param attentionDropout on the attention probabilities
     * @param qkvNames         the checkpoint names of the query, key and value projections
     */
    public TransformerLayer(int hidden, int heads, int intermediateSize, float eps, float hiddenDropout, float attentionDropout,
                            String... qkvNames) {
        this.heads = heads;
        this.hiddenDropout = hiddenDropout;
        this.attentionDropout = attentionDropout;
        this.qkvNames = qkvNames.clone();
        query = addChildBlock("query", new Dense(hidden, hidden));
        key = addChildBlock("key", new Dense(hidden, hidden));
        value = addChildBlock("value", new Dense(hidden, hidden));
        attentionOut = addChildBlock("attentionOut", new Dense(hidden, hidden));
        attentionNorm = addChildBlock("attentionNorm", new Norm(hidden, eps));
        intermediate = addChildBlock("intermediate", new Dense(hidden, intermediateSize));
        output = addChildBlock("output", new Dense(intermediateSize, hidden));
        outputNorm = addChildBlock("outputNorm", new Norm(hidden, eps));
    }

    /**
     * @param x       [N, S, H]
     * @param keyMask additive mask [N, 1, 1, S]
     * @param scale   the divisor of the query-key scores
     * @param bias    extra scores, or null
     */
    public NDArray apply(ParameterStore store, NDArray x, NDArray keyMask, float scale, ScoreBias bias, boolean training) {
        NDArray q = splitHeads(query.apply(store, x, training));
        NDArray k = splitHeads(key.apply(store, x, training));
        NDArray v = splitHeads(value.apply(store, x, training));
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(scale);
        if (bias != null) {
            scores = scores.add(bias.apply(q, k));
        }
        NDArray probs = drop(scores.add(keyMask).softmax(-1), attentionDropout, training);
        Shape shape = x.getShape();
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(shape);
        NDArray attended = attentionNorm.apply(store, drop(attentionOut.apply(store, context, training), hiddenDropout, training).add(x), training);
        NDArray inner = Activation.gelu(intermediate.apply(store, attended, training));
        return outputNorm.apply(store, drop(output.apply(store, inner, training), hiddenDropout, training).add(attended), training);
    }

    /** [N, S, H] to [N, heads, S, H / heads]. */
    public NDArray splitHeads(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, s.get(2) / heads).transpose(0, 2, 1, 3);
    }

    /** Dropout at {@code rate} while training; the identity otherwise. */
    public static NDArray drop(NDArray x, float rate, boolean training) {
        return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException("called through apply(...) by its encoder");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public void nameParameters(String prefix, Map<String, Parameter> out) {
        query.nameParameters(NamedBlock.join(prefix, "attention.self." + qkvNames[0]), out);
        key.nameParameters(NamedBlock.join(prefix, "attention.self." + qkvNames[1]), out);
        value.nameParameters(NamedBlock.join(prefix, "attention.self." + qkvNames[2]), out);
        attentionOut.nameParameters(NamedBlock.join(prefix, "attention.output.dense"), out);
        attentionNorm.nameParameters(NamedBlock.join(prefix, "attention.output.LayerNorm"), out);
        intermediate.nameParameters(NamedBlock.join(prefix, "intermediate.dense"), out);
        output.nameParameters(NamedBlock.join(prefix, "output.dense"), out);
        outputNorm.nameParameters(NamedBlock.join(prefix, "output.LayerNorm"), out);
    }
}
