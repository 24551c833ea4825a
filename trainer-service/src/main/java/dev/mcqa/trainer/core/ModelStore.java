package dev.mcqa.trainer.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The model store: a directory (a shared volume in Kubernetes) with one directory per released
 * version, holding model.onnx, tokenizer.json and model-card.json. Earlier versions are kept.
 */
public final class ModelStore {
    public static final String MODEL = "model.onnx";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String CARD = "model-card.json";
    private final Path root;

    public ModelStore(Path root) {
        this.root = root;
    }

    /** Writes an artifact directory; returns it. A version is written once: an existing one is an error. */
    public Path write(String version, byte[] onnx, InputStream tokenizer, String modelCard) throws IOException {
        Path directory = root.resolve(version);
        Files.createDirectories(root);
        Path partial = root.resolve("." + version + ".partial");
        Files.createDirectories(partial);
        Files.write(partial.resolve(MODEL), onnx);
        Files.copy(tokenizer, partial.resolve(TOKENIZER));
        Files.writeString(partial.resolve(CARD), modelCard);
        // Renamed in one step, so that a reader never sees half an artifact.
        Files.move(partial, directory);
        return directory;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
