package dev.mcqa.store;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Where released artifacts live: the trainer writes one per version, inference (and the trainer's
 * gate) fetch one by the URI its release message names. Two adapters: {@link DirectoryStore} (a local
 * directory or a shared volume) and {@link S3Store} (S3-compatible object storage); {@link ModelStores#open}
 * picks one from the configured URI.
 */
public interface ModelStore {
    String MODEL = "model.onnx";
    String TOKENIZER = "tokenizer.json";
    String CARD = "model-card.json";
    /** The int8 form of model.onnx, present only when it passed the trainer's check (its card says why either way). */
    String MODEL_INT8 = "model.int8.onnx";
    /** An artifact's files, the model card last: a reader that sees the card sees a complete artifact. */
    List<String> FILES = List.of(MODEL, TOKENIZER, CARD);

    /** Stores a version once (an existing version is an error) and returns the URI a release names. */
    URI write(String version, Artifact artifact) throws IOException;

    /**
     * A local directory holding the artifact's files. Refused (IOException naming the URI) when the URI
     * is not in this store, so that a release message cannot point inference at anything else.
     */
    Path fetch(URI artifact) throws IOException;

    /** Frees local copies of every artifact but these (artifacts of other stores are ignored); a no-op where the store itself is local. */
    void keepOnly(Set<URI> served) throws IOException;

    /** Where this store is, for log lines. */
    String location();
}
