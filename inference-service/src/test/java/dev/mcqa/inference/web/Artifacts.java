package dev.mcqa.inference.web;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.contract.ReleaseLineage;
import dev.mcqa.encoding.Fixtures;
import dev.mcqa.student.Backbones;
import dev.mcqa.student.Student;
import dev.mcqa.student.onnx.OnnxExport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Small releases built in the test with the student library: the tiny BERT fixture, its head scaled per version. */
public final class Artifacts {
    private Artifacts() {
    }

    /** Writes an artifact directory and returns the release message for it. */
    public static ModelRelease release(String version, float headScale, boolean corruptSha) throws Exception {
        Path directory = Path.of("target/test-releases", version);
        Files.createDirectories(directory);
        byte[] onnx;
        try (Student student = Student.fromHuggingFace(Fixtures.dir("bert-tiny"), Device.cpu(), false)) {
            Parameter classifier = student.model().namedParameters().get("classifier.weight");
            classifier.getArray().muli(headScale);
            onnx = OnnxExport.toBytes(student.model());
            Files.writeString(directory.resolve("model-card.json"), Json.encode(Map.of("version", version, "maxLength", 64,
                    "tokenTypes", true, "architecture", student.config().toJson(), "sha256", sha256(onnx))));
        }
        Files.write(directory.resolve("model.onnx"), onnx);
        Files.copy(Fixtures.dir("bert-tiny").resolve("tokenizer.json"), directory.resolve("tokenizer.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String sha = corruptSha ? "f".repeat(64) : sha256(onnx);
        return ModelRelease.of(version, ModelRelease.ALL_TASKS, directory.toAbsolutePath().toUri().toString(), sha, "tokenizer.json",
                Map.of("accuracy", 0.3), new ReleaseLineage(0, 0, Map.of(), List.of("test"), "bert-tiny"), Instant.now());
    }

    /** Writes an artifact directory holding all-MiniLM-L6-v2 with an untrained head (version "minilm"). */
    public static void miniLm(Path directory) throws Exception {
        Files.createDirectories(directory);
        try (Student student = Backbones.load(Backbones.MINILM, Device.cpu()); InputStream tokenizer = Backbones.tokenizer(Backbones.MINILM)) {
            byte[] onnx = OnnxExport.toBytes(student.model());
            Files.write(directory.resolve("model.onnx"), onnx);
            Files.write(directory.resolve("tokenizer.json"), tokenizer.readAllBytes());
            Files.writeString(directory.resolve("model-card.json"), Json.encode(Map.of("version", "minilm", "maxLength", 128,
                    "tokenTypes", true, "architecture", student.config().toJson(), "sha256", sha256(onnx))));
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
