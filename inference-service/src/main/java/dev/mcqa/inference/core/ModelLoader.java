package dev.mcqa.inference.core;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.Json;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.encoding.OrtModel;
import dev.mcqa.store.Artifact;
import dev.mcqa.store.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Opens a release's artifact directory (model.onnx, tokenizer.json, model-card.json): checks the
 * model's SHA-256 against the release and the card, opens it in ONNX Runtime, and warms it up with
 * one question, so that a model is only swapped in once it has answered.
 */
public final class ModelLoader {
    private final Supplier<OrtSession.SessionOptions> options;

    /** @param options fresh session options per model (threads, optimisation level, execution provider) */
    public ModelLoader(Supplier<OrtSession.SessionOptions> options) {
        this.options = options;
    }

    /** Thrown when an artifact cannot be served; the message says why. */
    public static final class BrokenArtifactException extends Exception {
        public BrokenArtifactException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param artifactUri    what the model is served as (the release's artifact URI, or the configured directory)
     * @param expectedSha256 from the release message, or null to trust the model card's (a configured directory)
     */
    public ServedModel load(Path directory, String artifactUri, String version, String expectedSha256) throws BrokenArtifactException {
        try {
            byte[] onnx = Files.readAllBytes(directory.resolve(ModelStore.MODEL));
            JsonNode card = Json.parse(Files.readString(directory.resolve(ModelStore.CARD)));
            String sha = Artifact.sha256(onnx);
            String expected = expectedSha256 != null ? expectedSha256 : card.path("sha256").asText();
            if (!sha.equals(expected) || !sha.equals(card.path("sha256").asText())) {
                throw new BrokenArtifactException("model.onnx of " + version + " has SHA-256 " + sha + ", expected " + expected, null);
            }
            OrtModel ort = OrtModel.open(onnx, options.get());
            ServedModel model = null;
            try {
                McqaEncoder encoder = McqaEncoder.forArtifact(directory, ort.tokenTypes());
                model = new ServedModel(version, artifactUri, sha, ort, encoder);
                model.logits(List.of(new McqaInput("Is this model ready?", List.of("yes", "no"))));
                return model;
            } catch (IOException | OrtException | RuntimeException e) {
                // The session (and tokenizer) opened: close them, or every refused load leaks native memory.
                if (model != null) {
                    model.release();
                } else {
                    ort.close();
                }
                throw e;
            }
        } catch (IOException | OrtException | RuntimeException e) {
            throw new BrokenArtifactException("cannot serve " + version + " from " + directory + ": " + e.getMessage(), e);
        }
    }

}
