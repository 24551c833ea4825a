package dev.mcqa.student;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.pytorch.jni.JniUtils;
import dev.mcqa.encoding.EncodedBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A multiple-choice student on one device: its parameters live in this object's NDManager; every
 * forward pass creates its arrays in a sub-manager that is closed at once (in DJL's PyTorch engine
 * results attach to the inputs' manager, so without this memory grows with every step).
 */
public final class Student implements AutoCloseable {
    private final NDManager manager;
    private final MultipleChoiceModel model;

    private Student(NDManager manager, MultipleChoiceModel model) {
        this.manager = manager;
        this.model = model;
    }

    /** Seed of the random initialisation, so that a fresh head starts the same every time. */
    public static final int INIT_SEED = 42;

    /** A randomly initialised student (seeded: the same every time). */
    public static Student create(EncoderConfig config, Device device) {
        Engine.getInstance().setRandomSeed(INIT_SEED);
        NDManager manager = NDManager.newBaseManager(device);
        MultipleChoiceModel model = new MultipleChoiceModel(config);
        model.initialize(manager);
        return new Student(manager, model);
    }

    /** A student from a Hugging Face directory (config.json + model.safetensors). */
    public static Student fromHuggingFace(Path directory, Device device, boolean headOptional) throws IOException {
        EncoderConfig config = EncoderConfig.read(directory.resolve("config.json"));
        return withWeights(config, SafeTensors.read(directory.resolve("model.safetensors")), device, headOptional);
    }

    /** A student with the given weights; see {@link Weights#load}. */
    public static Student withWeights(EncoderConfig config, Map<String, Tensor> tensors, Device device, boolean headOptional) {
        Student student = create(config, device);
        try {
            Weights.load(student.model, tensors, headOptional);
            return student;
        } catch (RuntimeException e) {
            student.close();
            throw e;
        }
    }

    public MultipleChoiceModel model() {
        return model;
    }

    public EncoderConfig config() {
        return model.config();
    }

    public NDManager manager() {
        return manager;
    }

    /** What a forward pass gives, copied to the heap. */
    public record Output(int batch, int choices, float[] logits, float[] lastHidden) {
    }

    /** Inference (no dropout); {@code withHidden} also returns the last hidden states [B*C, S, H]. */
    public Output predict(EncodedBatch batch, boolean withHidden) {
        return withoutGradients(() -> {
            try (NDManager step = manager.newSubManager()) {
                NDList out = forward(step, batch, false);
                return new Output(batch.batch(), batch.choices(), out.get(0).toFloatArray(),
                        withHidden ? out.get(1).toFloatArray() : null);
            }
        });
    }

    /**
     * Runs {@code work} with PyTorch's grad mode off. Grad mode is per thread and DJL turns it off only
     * on the thread that loaded the engine, so evaluation on any other thread must say so itself.
     */
    public static <T> T withoutGradients(Supplier<T> work) {
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            return work.get();
        } finally {
            JniUtils.setGradMode(before);
        }
    }

    /** A forward pass with arrays made in {@code step}; the caller owns and closes it. */
    public NDList forward(NDManager step, EncodedBatch batch, boolean training) {
        Shape shape = new Shape(batch.shape());
        NDArray ids = step.create(batch.inputIds(), shape);
        NDArray mask = step.create(batch.attentionMask(), shape);
        NDArray types = batch.hasTokenTypes() ? step.create(batch.tokenTypeIds(), shape) : null;
        return model.forward(new ParameterStore(step, false), ids, mask, types, training);
    }

    /**
     * Saves a checkpoint as a Hugging Face directory (config.json + model.safetensors) that
     * {@link #fromHuggingFace} loads back; the tokenizer is the caller's to copy.
     */
    public void save(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("config.json"), config().toJson().toPrettyString());
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.namedParameters().forEach((name, parameter) -> tensors.put(name,
                new Tensor(parameter.getArray().getShape().getShape(), parameter.getArray().toFloatArray())));
        SafeTensors.write(tensors, directory.resolve("model.safetensors"));
    }

    @Override
    public void close() {
        manager.close();
    }
}
