package dev.mcqa.student.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/** An embedding table [rows, size]: integer ids in, vectors out. */
public final class Lookup extends AbstractBlock implements NamedBlock {
    private final Parameter weight;
    private final long size;

    public Lookup(long rows, long size) {
        this.size = size;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).optShape(new Shape(rows, size)).build());
    }

    public NDArray apply(ParameterStore store, NDArray ids, boolean training) {
        NDArray table = store.getValue(weight, ids.getDevice(), training);
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    /** The whole table, e.g. DeBERTa's relative position embeddings. */
    public NDArray table(ParameterStore store, ai.djl.Device device, boolean training) {
        return store.getValue(weight, device, training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(store, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(size)};
    }

    @Override
    public void nameParameters(String prefix, Map<String, Parameter> named) {
        named.put(NamedBlock.join(prefix, "weight"), weight);
    }
}
