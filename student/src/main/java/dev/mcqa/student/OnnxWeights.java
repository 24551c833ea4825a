package dev.mcqa.student;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads encoder weights from an fp32 ONNX export of a Hugging Face model (e.g. the all-MiniLM-L6-v2
 * file in the langchain4j jar). Named initializers keep their names. The Linear weights are stored
 * anonymously ({@code onnx::MatMul_N}) and transposed ([in, out]): each is named after the node that
 * consumes it ({@code /encoder/layer.0/attention/self/query/MatMul} gives
 * {@code encoder.layer.0.attention.self.query.weight}) and transposed back to [out, in].
 */
public final class OnnxWeights {
    private OnnxWeights() {
    }

    public static Map<String, Tensor> read(InputStream onnx) throws IOException {
        OnnxMl.GraphProto graph = OnnxMl.ModelProto.parseFrom(onnx).getGraph();
        Map<String, String> matMulConsumers = new HashMap<>();
        for (OnnxMl.NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("MatMul") && node.getName().endsWith("/MatMul")) {
                for (String input : node.getInputList()) {
                    matMulConsumers.put(input, node.getName());
                }
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (OnnxMl.TensorProto initializer : graph.getInitializerList()) {
            if (initializer.getDataType() != OnnxMl.TensorProto.DataType.FLOAT_VALUE) {
                continue; // position_ids and other integer buffers
            }
            Tensor tensor = new Tensor(initializer.getDimsList().stream().mapToLong(Long::longValue).toArray(), floats(initializer));
            String consumer = matMulConsumers.get(initializer.getName());
            if (initializer.getName().startsWith("onnx::") && consumer != null) {
                String layer = consumer.substring(1, consumer.length() - "/MatMul".length()).replace('/', '.');
                tensors.put(layer + ".weight", tensor.transposed());
            } else {
                tensors.put(initializer.getName(), tensor);
            }
        }
        return tensors;
    }

    /** A float initializer's values, from raw data or the float field. */
    public static float[] floats(OnnxMl.TensorProto tensor) {
        if (!tensor.getRawData().isEmpty()) {
            float[] values = new float[tensor.getRawData().size() / 4];
            tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        }
        float[] values = new float[tensor.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloatData(i);
        }
        return values;
    }
}
