package dev.mcqa.inference.core;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.Json;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.encoding.OrtModel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
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

    /** @param expectedSha256 from the release message, or null to trust the model card's (a configured directory) */
    public ServedModel load(Path directory, String version, String expectedSha256) throws BrokenArtifactException {
        try {
            byte[] onnx = Files.readAllBytes(directory.resolve("model.onnx"));
            JsonNode card = Json.parse(Files.readString(directory.resolve("model-card.json")));
            String sha = sha256(onnx);
            String expected = expectedSha256 != null ? expectedSha256 : card.path("sha256").asText();
            if (!sha.equals(expected) || !sha.equals(card.path("sha256").asText())) {
                throw new BrokenArtifactException("model.onnx of " + version + " has SHA-256 " + sha + ", expected " + expected, null);
            }
            OrtModel ort = OrtModel.open(onnx, options.get());
            ServedModel model = null;
            try {
                McqaEncoder encoder = McqaEncoder.forArtifact(directory, ort.tokenTypes());
                model = new ServedModel(version, directory.toUri().toString(), sha, ort, encoder);
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

    /**
     * The artifact directory a release names: a {@code file:} URI whose real path (symbolic links
     * followed, {@code ..} resolved) lies under the model store when one is configured, so that a
     * release message cannot make inference serve any file on the host.
     */
    public static Path artifactDirectory(String artifactUri, Optional<Path> store) throws BrokenArtifactException {
        try {
            URI uri = URI.create(artifactUri);
            if (!"file".equals(uri.getScheme())) {
                throw new BrokenArtifactException("artifactUri " + artifactUri + " is not a file: URI", null);
            }
            Path directory = Path.of(uri).toRealPath();
            if (store.isPresent() && !directory.startsWith(store.get().toRealPath())) {
                throw new BrokenArtifactException("artifactUri " + artifactUri + " is outside the model store " + store.get()
                        + " (mcqa.inference.store-dir)", null);
            }
            return directory;
        } catch (IOException | IllegalArgumentException e) {
            throw new BrokenArtifactException("artifactUri " + artifactUri + " cannot be read: " + e, e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
