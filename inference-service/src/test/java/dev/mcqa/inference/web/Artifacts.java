package dev.mcqa.inference.web;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.contract.ReleaseLineage;
import dev.mcqa.encoding.Fixtures;
import dev.mcqa.store.Artifact;
import dev.mcqa.store.DirectoryStore;
import dev.mcqa.store.ModelStore;
import dev.mcqa.student.Backbones;
import dev.mcqa.student.Student;
import dev.mcqa.student.onnx.OnnxExport;
import dev.mcqa.student.onnx.OnnxQuantizer;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small releases built in the test with the student library: the tiny BERT fixture, its head scaled per version. */
public final class Artifacts {
    private static final ModelStore LOCAL = new DirectoryStore(Path.of("target/test-releases"));

    private Artifacts() {
    }

    /** Writes an artifact to a local directory store and returns the release message for it. */
    public static ModelRelease release(String version, float headScale, boolean corruptSha) throws Exception {
        return release(LOCAL, version, headScale, corruptSha);
    }

    /** Writes an artifact to the store and returns the release message for it; corruptSha: the message names other bytes. */
    public static ModelRelease release(ModelStore store, String version, float headScale, boolean corruptSha) throws Exception {
        Artifact artifact = artifact(version, headScale);
        URI uri = store.write(version, artifact);
        String sha = corruptSha ? "f".repeat(64) : Artifact.sha256(artifact.model());
        return ModelRelease.of(version, ModelRelease.ALL_TASKS, uri.toString(), sha, ModelStore.TOKENIZER,
                Map.of("accuracy", 0.3), new ReleaseLineage(0, 0, Map.of(), List.of("test"), "bert-tiny"), Instant.now());
    }

    static Artifact artifact(String version, float headScale) throws Exception {
        try (Student student = Student.fromHuggingFace(Fixtures.dir("bert-tiny"), Device.cpu(), false)) {
            Parameter classifier = student.model().namedParameters().get("classifier.weight");
            classifier.getArray().muli(headScale);
            byte[] onnx = OnnxExport.toBytes(student.model());
            String card = Json.encode(Map.of("version", version, "maxLength", 64, "tokenTypes", true,
                    "architecture", student.config().toJson(), "sha256", Artifact.sha256(onnx)));
            return new Artifact(onnx, Files.readAllBytes(Fixtures.dir("bert-tiny").resolve(ModelStore.TOKENIZER)), card);
        }
    }

    /** The bert-tiny artifact with its int8 form, as a release that passed the trainer's int8 check carries it. */
    public static Artifact withInt8(String version) throws Exception {
        Artifact plain = artifact(version, 1f);
        byte[] int8 = OnnxQuantizer.dynamicInt8(plain.model());
        ObjectNode card = (ObjectNode) Json.parse(plain.card());
        card.putObject("int8").put("kept", true).put("sha256", Artifact.sha256(int8));
        return new Artifact(plain.model(), plain.tokenizer(), card.toString(), int8);
    }

    /**
     * Writes an artifact directory holding all-MiniLM-L6-v2 with an untrained head (version "minilm")
     * and its int8 form, which the card keeps without the trainer's agreement check: the benchmark
     * measures speed, and an untrained head has no answers worth comparing.
     */
    public static void miniLm(Path directory) throws Exception {
        Files.createDirectories(directory);
        try (Student student = Backbones.load(Backbones.MINILM, Device.cpu()); InputStream tokenizer = Backbones.tokenizer(Backbones.MINILM)) {
            byte[] onnx = OnnxExport.toBytes(student.model());
            byte[] int8 = OnnxQuantizer.dynamicInt8(onnx);
            Files.write(directory.resolve(ModelStore.MODEL), onnx);
            Files.write(directory.resolve(ModelStore.MODEL_INT8), int8);
            Files.write(directory.resolve(ModelStore.TOKENIZER), tokenizer.readAllBytes());
            ObjectNode card = (ObjectNode) Json.parse(Json.encode(Map.of("version", "minilm", "maxLength", 128,
                    "tokenTypes", true, "architecture", student.config().toJson(), "sha256", Artifact.sha256(onnx))));
            card.putObject("int8").put("kept", true).put("sha256", Artifact.sha256(int8)).put("reason", "benchmark artifact: not checked");
            Files.writeString(directory.resolve(ModelStore.CARD), card.toString());
        }
    }
}
