package dev.mcqa.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A released model's files: the ONNX model, its tokenizer.json, its model card (JSON) and, if it has one, its int8 form (else null). */
public record Artifact(byte[] model, byte[] tokenizer, String card, byte[] int8Model) {

    /** An artifact without an int8 form. */
    public Artifact(byte[] model, byte[] tokenizer, String card) {
        this(model, tokenizer, card, null);
    }

    /** The digest releases carry for model.onnx, lower-case hex. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
