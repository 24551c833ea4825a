package dev.mcqa.student.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Map;

/** y = x W^T + b, with W stored [out, in] as in PyTorch (weight, bias). */
public final class Dense extends AbstractBlock implements NamedBlock {
    private final Parameter weight;
    private final Parameter bias;
    private final long out;

    public Dense(long in, long out) {
        this.out = out;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).optShape(new Shape(out, in)).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).optShape(new Shape(out)).build());
    }

    public NDArray apply(ParameterStore store, NDArray input, boolean training) {
        return Linear.linear(input, store.getValue(weight, input.getDevice(), training),
                store.getValue(bias, input.getDevice(), training)).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(store, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(out)};
    }

    @Override
    public void nameParameters(String prefix, Map<String, Parameter> named) {
        named.put(NamedBlock.join(prefix, "weight"), weight);
        named.put(NamedBlock.join(prefix, "bias"), bias);
    }
}
