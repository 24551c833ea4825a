package dev.mcqa.inference.core;

import ai.onnxruntime.OrtException;
import dev.mcqa.encoding.EncodedBatch;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.encoding.OrtModel;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A loaded release: its ONNX Runtime session and its encoder, counted while in use. The holder's
 * reference counts as one; a retired model closes when its last request has finished, so requests in
 * flight during a swap finish on the model they started with.
 */
public final class ServedModel {
    private static final Logger LOG = Logger.getLogger(ServedModel.class.getName());
    private final String version;
    private final String artifactUri;
    private final String sha256;
    private final String precision;
    private final OrtModel ort;
    private final McqaEncoder encoder;
    private final BatchingChoice batching;
    private final String card;
    private final Instant loadedAt = Instant.now();
    private final AtomicInteger users = new AtomicInteger(1);

    /**
     * @param sha256    of the release's model.onnx (its identity)
     * @param precision the form being run, fp32 or int8
     * @param batching  whether concurrent requests to this model run as batches
     * @param card      the release's model-card.json
     */
    ServedModel(String version, String artifactUri, String sha256, String precision, OrtModel ort, McqaEncoder encoder,
                BatchingChoice batching, String card) {
        this.version = version;
        this.artifactUri = artifactUri;
        this.sha256 = sha256;
        this.precision = precision;
        this.ort = ort;
        this.encoder = encoder;
        this.batching = batching;
        this.card = card;
    }

    public String version() {
        return version;
    }

    public String artifactUri() {
        return artifactUri;
    }

    public String sha256() {
        return sha256;
    }

    public String precision() {
        return precision;
    }

    public BatchingChoice batching() {
        return batching;
    }

    /** The release's model card (JSON): its evaluation, gate decision, dataset and lineage. */
    public String card() {
        return card;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** Takes a use; false once the model is closed (the caller then takes the holder's newer one). */
    boolean acquire() {
        while (true) {
            int now = users.get();
            if (now == 0) {
                return false;
            }
            if (users.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives a use back; the last one closes the model. */
    void release() {
        if (users.decrementAndGet() == 0) {
            encoder.close();
            try {
                ort.close();
            } catch (OrtException e) {
                LOG.log(Level.WARNING, "closing model " + version, e);
            }
            LOG.info(() -> "model " + version + " closed");
        }
    }

    /** Logits [questions x choices] of questions that share one choice count. */
    float[] logits(List<McqaInput> questions) throws OrtException {
        EncodedBatch batch = encoder.encode(questions);
        return ort.logits(batch);
    }
}
