package dev.mcqa.student.onnx;

import static dev.mcqa.student.onnx.OnnxGraph.attr;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.mcqa.student.EncoderConfig;
import dev.mcqa.student.MultipleChoiceModel;
import dev.mcqa.student.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes a trained student (encoder + multiple-choice head) as an ONNX model (opset 17). Inputs
 * {@code input_ids}, {@code attention_mask} and, for models with token types, {@code token_type_ids}:
 * int64 [batch, choices, sequence]; output {@code logits} float [batch, choices]; all three axes
 * dynamic. The graph repeats the DJL forward pass operation for operation, so ONNX Runtime gives the
 * same numbers; DeBERTa's relative positions are computed in the graph from the sequence length.
 */
public final class OnnxExport {
    private static final int INT64 = TensorProto.DataType.INT64_VALUE;
    private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

    private final EncoderConfig config;
    private final Map<String, Parameter> parameters;
    private final OnnxGraph g = new OnnxGraph("mcqa-student");
    private final String prefix;
    private final Set<String> weightsAdded = new HashSet<>();

    private OnnxExport(MultipleChoiceModel model) {
        this.config = model.config();
        this.parameters = model.namedParameters();
        this.prefix = config.architecture() == EncoderConfig.Architecture.BERT ? "bert." : "deberta.";
    }

    /** The ONNX model as bytes. */
    public static byte[] toBytes(MultipleChoiceModel model) {
        return new OnnxExport(model).build();
    }

    public static void write(MultipleChoiceModel model, Path file) throws IOException {
        Files.write(file, toBytes(model));
    }

    private byte[] build() {
        boolean types = config.usesTokenTypes();
        g.input("input_ids", INT64, "batch", "choices", "sequence");
        g.input("attention_mask", INT64, "batch", "choices", "sequence");
        if (types) {
            g.input("token_type_ids", INT64, "batch", "choices", "sequence");
        }
        String ids = g.op("Flatten", new String[] {"input_ids"}, attr("axis", 2L));
        String mask = g.op("Cast", new String[] {g.op("Flatten", new String[] {"attention_mask"}, attr("axis", 2L))}, attr("to", (long) FLOAT));
        String length = g.op("Gather", new String[] {g.op("Shape", ids), g.longs(true, 1)}, attr("axis", 0L));
        String positions = g.op("Range", g.longs(true, 0), length, g.longs(true, 1));

        String x = g.op("Gather", weight(prefix + "embeddings.word_embeddings.weight"), ids);
        if (has(prefix + "embeddings.position_embeddings.weight")) {
            x = g.op("Add", x, g.op("Gather", weight(prefix + "embeddings.position_embeddings.weight"), positions));
        }
        if (types) {
            String typeIds = g.op("Flatten", new String[] {"token_type_ids"}, attr("axis", 2L));
            x = g.op("Add", x, g.op("Gather", weight(prefix + "embeddings.token_type_embeddings.weight"), typeIds));
        }
        x = norm(x, prefix + "embeddings.LayerNorm");
        String keyMask = g.op("Mul", g.op("Sub", g.scalar(1f), mask), g.scalar(-Float.MAX_VALUE));
        keyMask = g.op("Unsqueeze", keyMask, g.longs(false, 1, 2));

        boolean bert = config.architecture() == EncoderConfig.Architecture.BERT;
        Relative relative = null;
        if (!bert) {
            x = g.op("Mul", x, g.op("Unsqueeze", mask, g.longs(false, 2)));
            relative = relative(positions);
        }
        for (int i = 0; i < config.layers(); i++) {
            x = layer(x, keyMask, prefix + "encoder.layer." + i + ".", relative);
        }
        String first = g.op("Gather", new String[] {x, g.longs(true, 0)}, attr("axis", 1L));
        String pooled = dense(first, bert ? "bert.pooler.dense" : "pooler.dense");
        pooled = bert ? g.op("Tanh", pooled) : gelu(pooled);
        String scores = dense(pooled, "classifier");
        String choices = g.op("Gather", new String[] {g.op("Shape", "input_ids"), g.longs(true, 1)}, attr("axis", 0L));
        String logitsShape = g.op("Concat", new String[] {g.longs(false, -1), g.op("Unsqueeze", choices, g.longs(false, 0))}, attr("axis", 0L));
        g.output(g.op("Reshape", scores, logitsShape), "logits", FLOAT, "batch", "choices");
        return g.toModel("mcqa-distill");
    }

    /** DeBERTa's per-graph relative terms: the normalised relative embeddings and the c2p/p2c gather indices [S, S]. */
    private record Relative(String embeddings, String c2pIndex, String p2cIndex, float scale) {
    }

    private Relative relative(String positions) {
        int span = config.attentionSpan();
        String rel = g.op("Sub", g.op("Unsqueeze", positions, g.longs(false, 1)), g.op("Unsqueeze", positions, g.longs(false, 0)));
        if (config.positionBuckets() > 0) {
            int mid = config.positionBuckets() / 2;
            String relF = g.op("Cast", new String[] {rel}, attr("to", (long) FLOAT));
            String inner = g.op("And", g.op("Less", relF, g.scalar(mid)), g.op("Greater", relF, g.scalar(-mid)));
            String abs = g.op("Where", inner, g.scalar(mid - 1), g.op("Abs", relF));
            float range = (float) Math.log((float) ((double) (config.maxRelativePositions() - 1) / mid));
            String logPos = g.op("Add", g.op("Ceil", g.op("Mul", g.op("Div", g.op("Log", g.op("Div", abs, g.scalar(mid))),
                    g.scalar(range)), g.scalar(mid - 1))), g.scalar(mid));
            String bucket = g.op("Where", g.op("LessOrEqual", abs, g.scalar(mid)), relF, g.op("Mul", logPos, g.op("Sign", relF)));
            rel = g.op("Cast", new String[] {bucket}, attr("to", (long) INT64));
        }
        String c2p = g.op("Clip", g.op("Add", rel, g.longs(true, span)), g.longs(true, 0), g.longs(true, 2L * span - 1));
        String p2c = g.op("Clip", g.op("Add", g.op("Neg", rel), g.longs(true, span)), g.longs(true, 0), g.longs(true, 2L * span - 1));
        String embeddings = weight(prefix + "encoder.rel_embeddings.weight");
        if (config.normRelativeEmbeddings()) {
            embeddings = norm(embeddings, prefix + "encoder.LayerNorm");
        }
        int terms = 1 + (config.positionAttention().contains("c2p") ? 1 : 0) + (config.positionAttention().contains("p2c") ? 1 : 0);
        return new Relative(g.op("Unsqueeze", embeddings, g.longs(false, 0)), c2p, p2c,
                (float) Math.sqrt((double) config.headSize() * terms));
    }

    private String layer(String x, String keyMask, String p, Relative relative) {
        boolean bert = relative == null;
        String q = heads(dense(x, p + "attention.self." + (bert ? "query" : "query_proj")));
        String k = heads(dense(x, p + "attention.self." + (bert ? "key" : "key_proj")));
        String v = heads(dense(x, p + "attention.self." + (bert ? "value" : "value_proj")));
        float scale = bert ? (float) Math.sqrt(config.headSize()) : relative.scale();
        String scores = g.op("Div", g.op("MatMul", q, transposeLast(k)), g.scalar(scale));
        if (!bert) {
            String scoreShape = g.op("Shape", scores);
            if (config.positionAttention().contains("c2p")) {
                String positionKeys = heads(dense(relative.embeddings(), p + "attention.self.key_proj"));
                String c2p = g.op("GatherElements", new String[] {g.op("MatMul", q, transposeLast(positionKeys)),
                        g.op("Expand", relative.c2pIndex(), scoreShape)}, attr("axis", 3L));
                scores = g.op("Add", scores, g.op("Div", c2p, g.scalar(scale)));
            }
            if (config.positionAttention().contains("p2c")) {
                String positionQueries = heads(dense(relative.embeddings(), p + "attention.self.query_proj"));
                String p2c = g.op("GatherElements", new String[] {g.op("MatMul", k, transposeLast(positionQueries)),
                        g.op("Expand", relative.p2cIndex(), scoreShape)}, attr("axis", 3L));
                scores = g.op("Add", scores, g.op("Div", transposeLast(p2c), g.scalar(scale)));
            }
        }
        String probs = g.op("Softmax", new String[] {g.op("Add", scores, keyMask)}, attr("axis", -1L));
        String context = g.op("Transpose", new String[] {g.op("MatMul", probs, v)}, attr("perm", 0L, 2L, 1L, 3L));
        context = g.op("Reshape", context, g.longs(false, 0, 0, config.hiddenSize()));
        String attended = norm(g.op("Add", dense(context, p + "attention.output.dense"), x), p + "attention.output.LayerNorm");
        String inner = gelu(dense(attended, p + "intermediate.dense"));
        return norm(g.op("Add", dense(inner, p + "output.dense"), attended), p + "output.LayerNorm");
    }

    /** [N, S, H] to [N, heads, S, d]. */
    private String heads(String x) {
        String split = g.op("Reshape", x, g.longs(false, 0, 0, config.heads(), config.headSize()));
        return g.op("Transpose", new String[] {split}, attr("perm", 0L, 2L, 1L, 3L));
    }

    private String transposeLast(String x) {
        return g.op("Transpose", new String[] {x}, attr("perm", 0L, 1L, 3L, 2L));
    }

    private String dense(String x, String name) {
        String transposed = name + ".weight.T";
        if (weightsAdded.add(transposed)) {
            Tensor w = tensor(name + ".weight").transposed();
            g.weight(transposed, w.shape(), w.values());
        }
        return g.op("Add", g.op("MatMul", x, transposed), weight(name + ".bias"));
    }

    private String norm(String x, String name) {
        return g.op("LayerNormalization", new String[] {x, weight(name + ".weight"), weight(name + ".bias")},
                attr("axis", -1L), attr("epsilon", config.layerNormEps()));
    }

    /** Exact GELU: x/2 * (1 + erf(x / sqrt 2)). */
    private String gelu(String x) {
        String erf = g.op("Erf", g.op("Div", x, g.scalar((float) Math.sqrt(2))));
        return g.op("Mul", g.op("Mul", x, g.scalar(0.5f)), g.op("Add", erf, g.scalar(1f)));
    }

    private boolean has(String name) {
        return parameters.containsKey(name);
    }

    /** A parameter as an initializer, added once under its checkpoint name. */
    private String weight(String name) {
        if (weightsAdded.add(name)) {
            Tensor t = tensor(name);
            g.weight(name, t.shape(), t.values());
        }
        return name;
    }

    private Tensor tensor(String name) {
        Parameter parameter = parameters.get(name);
        if (parameter == null) {
            throw new IllegalStateException("the model has no parameter " + name);
        }
        NDArray array = parameter.getArray();
        return new Tensor(array.getShape().getShape(), array.toFloatArray());
    }
}
