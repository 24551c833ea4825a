package dev.mcqa.student.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A small builder of ONNX graphs on the protobuf classes: nodes get unique output names, and each
 * constant is stored once however often it is used (ONNX Runtime refuses duplicate initializer names).
 */
final class OnnxGraph {
    static final int OPSET = 17;
    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private final Map<String, String> constants = new HashMap<>();
    private int counter;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A float initializer with the given name (a weight). */
    String weight(String name, long[] shape, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(Arrays.stream(shape).boxed().toList()).setRawData(ByteString.copyFrom(bytes.array())));
        return name;
    }

    /** An int64 constant, shared by value; {@code scalar} makes a 0-d tensor. */
    String longs(boolean scalar, long... values) {
        String key = "i64" + (scalar ? "s" : "") + Arrays.toString(values);
        return constants.computeIfAbsent(key, k -> {
            String name = "const_" + constants.size();
            TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE);
            if (!scalar) {
                t.addDims(values.length);
            }
            Arrays.stream(values).forEach(t::addInt64Data);
            graph.addInitializer(t);
            return name;
        });
    }

    /** A float scalar constant, shared by value. */
    String scalar(float value) {
        return constants.computeIfAbsent("f32" + Float.floatToIntBits(value), k -> {
            String name = "const_" + constants.size();
            graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(value));
            return name;
        });
    }

    /** Adds a node with one output and returns the output's name. */
    String op(String type, String[] inputs, AttributeProto... attributes) {
        String output = type.toLowerCase() + "_" + counter++;
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(type).setName(output).addOutput(output);
        Arrays.stream(inputs).forEach(node::addInput);
        Arrays.stream(attributes).forEach(node::addAttribute);
        graph.addNode(node);
        return output;
    }

    String op(String type, String... inputs) {
        return op(type, inputs, new AttributeProto[0]);
    }

    /** Renames the last value: an identity node from {@code value} to {@code name}. */
    void output(String value, String name, int elementType, String... dims) {
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(name).addInput(value).addOutput(name));
        graph.addOutput(valueInfo(name, elementType, dims));
    }

    void input(String name, int elementType, String... dims) {
        graph.addInput(valueInfo(name, elementType, dims));
    }

    static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto attr(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        Arrays.stream(values).forEach(a::addInts);
        return a.build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, int elementType, String... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (String dim : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(dim));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elementType).setShape(shape))).build();
    }

    byte[] toModel(String producer) {
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setProducerName(producer)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph).build().toByteArray();
    }
}
