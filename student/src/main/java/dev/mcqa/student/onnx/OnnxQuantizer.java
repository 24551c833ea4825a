package dev.mcqa.student.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.mcqa.student.OnnxWeights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * The int8 form of an exported student, made from its fp32 ONNX file as ONNX Runtime's own
 * {@code quantize_dynamic} would: every MatMul of an encoder layer by a constant weight becomes
 * {@code DynamicQuantizeLinear} (the activations to uint8 at run time), {@code MatMulInteger} by int8
 * weights with one symmetric scale per output channel (max |w| / 127, zero point 0), and a rescale to
 * float; ONNX Runtime fuses that into its integer kernels (VNNI where the CPU has it). Embeddings,
 * LayerNorm, the attention's own products, the pooler and the classifier stay fp32. Works on any
 * release's {@code model.onnx}, since it needs the graph only.
 */
public final class OnnxQuantizer {
    private static final String LAYER_WEIGHT = "encoder.layer.";

    private OnnxQuantizer() {
    }

    /** The int8 model; fails if the bytes are not an ONNX model. */
    public static byte[] dynamicInt8(byte[] fp32) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(fp32);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        }
        GraphProto graph = model.getGraph();
        Map<String, TensorProto> weights = new HashMap<>();
        for (TensorProto initializer : graph.getInitializerList()) {
            if (initializer.getName().contains(LAYER_WEIGHT) && initializer.getDataType() == TensorProto.DataType.FLOAT_VALUE
                    && initializer.getDimsCount() == 2) {
                weights.put(initializer.getName(), initializer);
            }
        }
        GraphProto.Builder out = graph.toBuilder().clearNode().clearInitializer();
        Map<String, String> quantised = new HashMap<>(); // fp32 weight name -> int8 weight name
        for (TensorProto initializer : graph.getInitializerList()) {
            if (!weights.containsKey(initializer.getName())) {
                out.addInitializer(initializer);
            }
        }
        int counter = 0;
        for (NodeProto node : graph.getNodeList()) {
            TensorProto weight = node.getOpType().equals("MatMul") ? weights.get(node.getInput(1)) : null;
            if (weight == null) {
                out.addNode(node);
                continue;
            }
            String name = weight.getName();
            String int8 = quantised.computeIfAbsent(name, n -> {
                quantise(weight, out);
                return n + ".int8";
            });
            String base = "int8_" + counter++;
            out.addNode(NodeProto.newBuilder().setOpType("DynamicQuantizeLinear").setName(base + "_quantize").addInput(node.getInput(0))
                    .addOutput(base + "_x").addOutput(base + "_x_scale").addOutput(base + "_x_zero"));
            out.addNode(NodeProto.newBuilder().setOpType("MatMulInteger").setName(base + "_matmul").addInput(base + "_x").addInput(int8)
                    .addInput(base + "_x_zero").addOutput(base + "_product"));
            out.addNode(NodeProto.newBuilder().setOpType("Cast").setName(base + "_cast").addInput(base + "_product").addOutput(base + "_float")
                    .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT).setI(TensorProto.DataType.FLOAT_VALUE)));
            out.addNode(NodeProto.newBuilder().setOpType("Mul").setName(base + "_scales").addInput(base + "_x_scale").addInput(name + ".scale")
                    .addOutput(base + "_scale"));
            out.addNode(NodeProto.newBuilder().setOpType("Mul").setName(base + "_rescale").addInput(base + "_float").addInput(base + "_scale")
                    .addOutput(node.getOutput(0)));
        }
        if (quantised.isEmpty()) {
            throw new IllegalArgumentException("the model has no encoder-layer matrix product to quantise");
        }
        return model.toBuilder().setGraph(out).build().toByteArray();
    }

    /** Adds {@code <name>.int8} [in, out] and {@code <name>.scale} [out] for a float weight [in, out]. */
    private static void quantise(TensorProto weight, GraphProto.Builder out) {
        int in = (int) weight.getDims(0);
        int outputs = (int) weight.getDims(1);
        float[] values = OnnxWeights.floats(weight);
        float[] scale = new float[outputs];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < outputs; o++) {
                scale[o] = Math.max(scale[o], Math.abs(values[i * outputs + o]));
            }
        }
        for (int o = 0; o < outputs; o++) {
            scale[o] = scale[o] > 0 ? scale[o] / 127f : 1f;
        }
        byte[] q = new byte[values.length];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < outputs; o++) {
                q[i * outputs + o] = (byte) Math.max(-127, Math.min(127, Math.round(values[i * outputs + o] / scale[o])));
            }
        }
        out.addInitializer(TensorProto.newBuilder().setName(weight.getName() + ".int8").setDataType(TensorProto.DataType.INT8_VALUE)
                .addDims(in).addDims(outputs).setRawData(ByteString.copyFrom(q)));
        ByteBuffer scales = ByteBuffer.allocate(outputs * 4).order(ByteOrder.LITTLE_ENDIAN);
        scales.asFloatBuffer().put(scale);
        out.addInitializer(TensorProto.newBuilder().setName(weight.getName() + ".scale").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(outputs).setRawData(ByteString.copyFrom(scales.array())));
    }
}
