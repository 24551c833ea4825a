package dev.mcqa.student.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/** LayerNorm over the last axis (weight = gamma, bias = beta). */
public final class Norm extends AbstractBlock implements NamedBlock {
    private final Parameter gamma;
    private final Parameter beta;
    private final Shape normalized;
    private final float eps;

    public Norm(long size, float eps) {
        this.eps = eps;
        normalized = new Shape(size);
        gamma = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA).optShape(normalized).build());
        beta = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BETA).optShape(normalized).build());
    }

    public float eps() {
        return eps;
    }

    public NDArray apply(ParameterStore store, NDArray input, boolean training) {
        return LayerNorm.layerNorm(input, normalized, store.getValue(gamma, input.getDevice(), training),
                store.getValue(beta, input.getDevice(), training), eps).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(store, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public void nameParameters(String prefix, Map<String, Parameter> named) {
        named.put(NamedBlock.join(prefix, "weight"), gamma);
        named.put(NamedBlock.join(prefix, "bias"), beta);
    }
}
