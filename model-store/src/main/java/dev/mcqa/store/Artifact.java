package dev.mcqa.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A released model's files: the ONNX model, its tokenizer.json and its model card (JSON). */
public record Artifact(byte[] model, byte[] tokenizer, String card) {

    /** The digest releases carry for model.onnx, lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
