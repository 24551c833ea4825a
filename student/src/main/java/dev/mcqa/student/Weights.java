package dev.mcqa.student;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Copies checkpoint tensors into a model's parameters by their Hugging Face names. */
public final class Weights {
    /** Tensors of pre-training heads and buffers that a multiple-choice student has no use for. */
    private static final List<String> IGNORED_PREFIXES = List.of("cls.", "lm_predictions.", "mask_predictions.", "lm_head.");

    private Weights() {
    }

    /**
     * What a load did.
     *
     * @param freshHead head parameters the checkpoint did not have, left at their random initialisation
     * @param ignored   checkpoint tensors with no place in the model that are known to be unneeded
     */
    public record Report(int loaded, List<String> freshHead, List<String> ignored) {
    }

    /**
     * Loads {@code tensors} into an initialised model. Every encoder parameter must be present with its
     * shape; the multiple-choice head may be absent only if {@code headOptional} (a pretrained encoder
     * without a head). Anything else wrong fails with one message that lists every missing, unexpected
     * and misshapen tensor.
     */
    public static Report load(MultipleChoiceModel model, Map<String, Tensor> tensors, boolean headOptional) {
        Map<String, Parameter> parameters = model.namedParameters();
        Map<String, Tensor> named = withModelPrefix(model, tensors);
        List<String> missing = new ArrayList<>();
        List<String> freshHead = new ArrayList<>();
        List<String> misshapen = new ArrayList<>();
        int loaded = 0;
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            Tensor tensor = named.get(entry.getKey());
            if (tensor == null) {
                if (headOptional && MultipleChoiceModel.isHead(entry.getKey())) {
                    freshHead.add(entry.getKey());
                } else {
                    missing.add(entry.getKey());
                }
                continue;
            }
            NDArray array = entry.getValue().getArray();
            if (!Arrays.equals(array.getShape().getShape(), tensor.shape())) {
                misshapen.add(entry.getKey() + " " + Arrays.toString(tensor.shape()) + " (model: " + array.getShape() + ")");
                continue;
            }
            array.set(FloatBuffer.wrap(tensor.values()));
            loaded++;
        }
        List<String> unexpected = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String name : new TreeSet<>(named.keySet())) {
            if (!parameters.containsKey(name)) {
                (ignorable(name) ? ignored : unexpected).add(name);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !misshapen.isEmpty()) {
            throw new IllegalArgumentException("the checkpoint does not fit the " + model.config().architecture()
                    + " model: missing " + missing + "; unexpected " + unexpected + "; wrong shape " + misshapen);
        }
        return new Report(loaded, freshHead, ignored);
    }

    private static boolean ignorable(String name) {
        return name.endsWith("position_ids") || IGNORED_PREFIXES.stream().anyMatch(name::startsWith)
                || name.endsWith("embeddings.position_embeddings.weight"); // DeBERTa-v3 keeps it though position_biased_input is false
    }

    /** Encoder-only checkpoints (BertModel, sentence-transformers) name tensors without the model prefix. */
    private static Map<String, Tensor> withModelPrefix(MultipleChoiceModel model, Map<String, Tensor> tensors) {
        String prefix = model.config().architecture() == EncoderConfig.Architecture.BERT ? "bert." : "deberta.";
        if (tensors.keySet().stream().anyMatch(name -> name.startsWith(prefix))) {
            return tensors;
        }
        Map<String, Tensor> prefixed = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> prefixed.put(name.startsWith("classifier.") ? name
                : name.startsWith("pooler.") && prefix.equals("deberta.") ? name : prefix + name, tensor));
        return prefixed;
    }
}
