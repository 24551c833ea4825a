package dev.mcqa.student.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A transformer encoder: token ids, attention mask and token types, each [N, S], in; last hidden
 * states [N, S, H] out. Its parameters have fixed shapes, so initialising needs no input shapes.
 */
public abstract class EncoderBlock extends AbstractBlock implements NamedBlock {

    /**
     * @param tokenTypes [N, S] or null when the model has no token types
     */
    public abstract NDArray encode(ParameterStore store, NDArray ids, NDArray mask, NDArray tokenTypes, boolean training);

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(encode(store, inputs.get(0), inputs.get(1), inputs.size() > 2 ? inputs.get(2) : null, training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    /** Additive attention mask over keys, [N, 1, 1, S]: 0 where attended, the lowest float where padded. */
    static NDArray keyMask(NDArray mask) {
        NDArray padded = mask.toType(DataType.FLOAT32, false).neg().add(1f);
        return padded.mul(-Float.MAX_VALUE).reshape(mask.getShape().get(0), 1, 1, mask.getShape().get(1));
    }
}
