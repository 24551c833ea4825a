package dev.mcqa.student;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.mcqa.student.nn.BertEncoder;
import dev.mcqa.student.nn.DebertaEncoder;
import dev.mcqa.student.nn.Dense;
import dev.mcqa.student.nn.EncoderBlock;
import dev.mcqa.student.nn.TransformerLayer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An encoder with the Hugging Face *ForMultipleChoice head: each (question, choice) pair is encoded,
 * the first token's state is pooled (BERT: dense + tanh; DeBERTa: dense + GELU), a linear layer gives
 * one score per pair, and the scores of a question's choices are its logits (softmax over them gives
 * the probabilities). Inputs {@code input_ids, attention_mask[, token_type_ids]}, each [B, C, S];
 * outputs {@code logits [B, C]} and the last hidden states {@code [B*C, S, H]}.
 */
public final class MultipleChoiceModel extends AbstractBlock {
    private final EncoderConfig config;
    private final EncoderBlock encoder;
    private final Dense pooler;
    private final Dense classifier;

    public MultipleChoiceModel(EncoderConfig config) {
        this.config = config;
        encoder = addChildBlock("encoder", config.architecture() == EncoderConfig.Architecture.BERT
                ? new BertEncoder(config) : new DebertaEncoder(config));
        pooler = addChildBlock("pooler", new Dense(config.hiddenSize(), config.hiddenSize()));
        classifier = addChildBlock("classifier", new Dense(config.hiddenSize(), 1));
        setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
    }

    public EncoderConfig config() {
        return config;
    }

    /** Creates every parameter (random: N(0, 0.02) weights, zero biases, unit LayerNorm) on the manager's device. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 2, 1));
    }

    public NDList forward(ParameterStore store, NDArray ids, NDArray mask, NDArray tokenTypes, boolean training) {
        Shape shape = ids.getShape();
        long batch = shape.get(0);
        long choices = shape.get(1);
        long length = shape.get(2);
        NDArray flatTypes = tokenTypes == null || !config.usesTokenTypes() ? null : tokenTypes.reshape(-1, length);
        NDArray hidden = encoder.encode(store, ids.reshape(-1, length), mask.reshape(-1, length), flatTypes, training);
        // As Hugging Face: DeBERTa's ContextPooler drops the first token (pooler_dropout), BERT's pooler does not.
        NDArray first = TransformerLayer.drop(hidden.get(":, 0, :"), config.dropout().pooler(), training);
        NDArray pooled = pooler.apply(store, first, training);
        pooled = config.architecture() == EncoderConfig.Architecture.BERT ? pooled.tanh() : Activation.gelu(pooled);
        pooled = TransformerLayer.drop(pooled, config.dropout().classifier(), training);
        NDArray logits = classifier.apply(store, pooled, training).reshape(batch, choices);
        return new NDList(logits, hidden);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return forward(store, inputs.get(0), inputs.get(1), inputs.size() > 2 ? inputs.get(2) : null, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1)), new Shape(in.get(0) * in.get(1), in.get(2), config.hiddenSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    /** Every parameter under its Hugging Face checkpoint name, e.g. {@code bert.encoder.layer.0.attention.self.query.weight}. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        boolean bert = config.architecture() == EncoderConfig.Architecture.BERT;
        encoder.nameParameters(bert ? "bert" : "deberta", named);
        pooler.nameParameters(bert ? "bert.pooler.dense" : "pooler.dense", named);
        classifier.nameParameters("classifier", named);
        return named;
    }

    /** The names of the multiple-choice head, which an encoder-only checkpoint does not have. */
    public static boolean isHead(String name) {
        return name.startsWith("classifier.") || name.startsWith("pooler.") || name.startsWith("bert.pooler.");
    }
}
