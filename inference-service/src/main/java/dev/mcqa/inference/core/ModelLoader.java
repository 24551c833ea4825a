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
import java.util.logging.Logger;

/**
 * Opens a release's artifact directory (model.onnx, tokenizer.json, model-card.json, and
 * model.int8.onnx when the release has an int8 form): checks the model's SHA-256 against the release
 * and the card, picks the form the precision allows, opens it in ONNX Runtime, and warms it up with
 * one question, so that a model is only swapped in once it has answered. With {@link Batching#AUTO}
 * it then measures whether the model answers concurrent requests faster in batches.
 */
public final class ModelLoader {
    private static final Logger LOG = Logger.getLogger(ModelLoader.class.getName());
    /** A question of a typical length for the batching measurement. */
    private static final McqaInput PROBE = new McqaInput("Which gas do plants take in from the air for photosynthesis during the day?",
            List.of("Oxygen", "Carbon dioxide", "Nitrogen", "Helium"));
    private static final int PROBE_ROUNDS = 5;
    private final Supplier<OrtSession.SessionOptions> options;
    private final Precision precision;
    private final Batching batching;
    private final int probeSize;

    /**
     * @param options   fresh session options per model (threads, optimisation level, execution provider)
     * @param probeSize questions in the batch (and concurrent runs) that {@link Batching#AUTO} times
     */
    public ModelLoader(Supplier<OrtSession.SessionOptions> options, Precision precision, Batching batching, int probeSize) {
        this.options = options;
        this.precision = precision;
        this.batching = batching;
        this.probeSize = probeSize;
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
            String cardText = Files.readString(directory.resolve(ModelStore.CARD));
            JsonNode card = Json.parse(cardText);
            String sha = Artifact.sha256(onnx);
            String expected = expectedSha256 != null ? expectedSha256 : card.path("sha256").asText();
            if (!sha.equals(expected) || !sha.equals(card.path("sha256").asText())) {
                throw new BrokenArtifactException("model.onnx of " + version + " has SHA-256 " + sha + ", expected " + expected, null);
            }
            byte[] int8 = int8Form(directory, card, version);
            OrtModel ort = OrtModel.open(int8 != null ? int8 : onnx, options.get());
            McqaEncoder encoder = null;
            try {
                encoder = McqaEncoder.forArtifact(directory, ort.tokenTypes());
                McqaEncoder inputs = encoder;
                BatchingChoice.ModelRun run = questions -> ort.logits(inputs.encode(questions));
                run.run(List.of(PROBE));
                BatchingChoice choice = batching == Batching.AUTO
                        ? BatchingChoice.measure(run, PROBE, probeSize, PROBE_ROUNDS) : BatchingChoice.fixed(batching);
                if (batching == Batching.AUTO) {
                    LOG.info(() -> String.format("%s: %.1f questions/s in batches of %d, %.1f with %d concurrent runs: %s", version,
                            choice.batchedPerSecond(), probeSize, choice.concurrentPerSecond(), probeSize,
                            choice.batch() ? "batching" : "concurrent runs"));
                }
                return new ServedModel(version, artifactUri, sha, int8 != null ? "int8" : "fp32", ort, encoder, choice, cardText);
            } catch (Exception e) {
                // The session (and tokenizer) opened: close them, or every refused load leaks native memory.
                if (encoder != null) {
                    encoder.close();
                }
                ort.close();
                throw e;
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new BrokenArtifactException("cannot serve " + version + " from " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The int8 form's bytes when the precision allows it and the release carries it intact; null: serve fp32. */
    private byte[] int8Form(Path directory, JsonNode card, String version) throws IOException {
        if (!precision.allowsInt8()) {
            return null;
        }
        Path file = directory.resolve(ModelStore.MODEL_INT8);
        String missing = !Files.exists(file) ? "no " + ModelStore.MODEL_INT8
                : !card.path("int8").path("kept").asBoolean() ? card.path("int8").path("reason").asText("its card keeps no int8 form") : null;
        if (missing != null) {
            if (precision == Precision.INT8) {
                LOG.warning(() -> version + " has no int8 form (" + missing + "): serving fp32");
            }
            return null;
        }
        byte[] int8 = Files.readAllBytes(file);
        if (!Artifact.sha256(int8).equals(card.path("int8").path("sha256").asText())) {
            LOG.warning(() -> "model.int8.onnx of " + version + " does not match the SHA-256 its card names: serving fp32");
            return null;
        }
        return int8;
    }

}
