package dev.mcqa.student;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.onnxruntime.OrtSession;
import dev.mcqa.encoding.EncodedBatch;
import dev.mcqa.encoding.Fixtures;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.encoding.OrtModel;
import dev.mcqa.student.onnx.OnnxExport;
import dev.mcqa.student.training.Distiller;
import dev.mcqa.student.training.StepProfile;
import dev.mcqa.student.training.TrainingExample;
import dev.mcqa.student.training.TrainingSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {
    private static final String[] SUBJECTS = {"rivers", "planets", "metals", "birds", "trees", "stars", "rocks", "fish"};

    /** Fixed soft targets that put most mass on the choice mentioning the question's subject. */
    private static List<TrainingExample> examples() {
        List<TrainingExample> examples = new ArrayList<>();
        for (int i = 0; i < SUBJECTS.length; i++) {
            List<String> choices = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                choices.add(c == i % 4 ? "about " + SUBJECTS[i] : "about " + SUBJECTS[(i + c + 1) % SUBJECTS.length] + " " + c);
            }
            float[] teacher = {0.1f, 0.1f, 0.1f, 0.1f};
            teacher[i % 4] = 0.7f;
            examples.add(new TrainingExample(new McqaInput("Which answer is about " + SUBJECTS[i] + "?", choices), teacher,
                    i % 2 == 0 ? i % 4 : -1, 1f));
        }
        return examples;
    }

    @Test
    void miniLmStudentLearnsAndItsExportEqualsDjl() throws Exception {
        List<TrainingExample> examples = examples();
        TrainingSettings settings = TrainingSettings.defaults().withEpochs(4).withBatchSize(4).withLearningRate(1e-4f);
        try (Student student = Backbones.load(Backbones.MINILM, Device.cpu());
             InputStream tokenizer = Backbones.tokenizer(Backbones.MINILM);
             McqaEncoder encoder = McqaEncoder.open(tokenizer, 128, true, 0)) {
            Distiller distiller = new Distiller(student, encoder, settings);
            float before = distiller.meanLoss(examples);
            List<Float> epochs = distiller.train(examples, (epoch, step, total, loss) -> { }, () -> false);
            float after = distiller.meanLoss(examples);
            System.out.printf("MiniLM: loss %.4f -> %.4f over %d steps (epoch means %s)%n", before, after, epochs.size() * 2, epochs);
            assertTrue(after < before * 0.8, "loss did not fall: " + before + " -> " + after);
            try (Student again = Backbones.load(Backbones.MINILM, Device.cpu())) {
                Distiller repeat = new Distiller(again, encoder, settings);
                repeat.train(examples, (epoch, step, total, loss) -> { }, () -> false);
                assertEquals(after, repeat.meanLoss(examples), 1e-6f, "a fresh head and training repeat exactly");
            }

            EncodedBatch batch = encoder.encode(examples.stream().map(TrainingExample::input).toList());
            float[] djl = student.predict(batch, false).logits();
            try (OrtModel ort = OrtModel.open(OnnxExport.toBytes(student.model()), new OrtSession.SessionOptions())) {
                float[] onnx = ort.logits(batch);
                double max = 0;
                for (int i = 0; i < djl.length; i++) {
                    max = Math.max(max, Math.abs(djl[i] - onnx[i]));
                }
                System.out.printf("MiniLM trained: max |ORT - DJL| = %.2e%n", max);
                assertTrue(max < 1e-4, "ORT differs from DJL by " + max);
            }
        }
    }

    @Test
    void trainingIsRepeatableAndCheckpointsRoundTrip(@TempDir Path checkpoint) throws Exception {
        List<TrainingExample> examples = examples();
        TrainingSettings settings = TrainingSettings.defaults().withEpochs(2).withBatchSize(4).withLearningRate(1e-3f);
        float[] first = trainTinyBert(examples, settings, null);
        float[] second = trainTinyBert(examples, settings, checkpoint);
        assertArrayEquals(first, second, "same seed, same data: same model");

        try (Student reloaded = Student.fromHuggingFace(checkpoint, Device.cpu(), false);
             McqaEncoder encoder = McqaEncoder.open(Fixtures.dir("bert-tiny").resolve("tokenizer.json"), 128, true, 0)) {
            assertArrayEquals(first, reloaded.predict(encoder.encode(examples.stream().map(TrainingExample::input).toList()), false).logits());
        }
    }

    @Test
    void aProfiledStepTimesEachPhaseAndTrainsAsAnUnprofiledOne() throws Exception {
        List<TrainingExample> batch = examples().subList(0, 4);
        TrainingSettings settings = TrainingSettings.defaults().withBatchSize(4);
        try (Student profiled = Student.fromHuggingFace(Fixtures.dir("bert-tiny"), Device.cpu(), false);
             Student plain = Student.fromHuggingFace(Fixtures.dir("bert-tiny"), Device.cpu(), false);
             McqaEncoder encoder = McqaEncoder.open(Fixtures.dir("bert-tiny").resolve("tokenizer.json"), 128, true, 0)) {
            StepProfile profile = new StepProfile();
            Distiller withProfile = new Distiller(profiled, encoder, settings);
            Distiller without = new Distiller(plain, encoder, settings);
            for (int step = 0; step < 2; step++) {
                Engine.getInstance().setRandomSeed(step); // the same dropout for both
                float unprofiled = without.step(batch);
                Engine.getInstance().setRandomSeed(step);
                assertEquals(unprofiled, withProfile.step(batch, profile), "step " + step);
            }
            assertEquals(List.of("encode", "forward + loss", "backward", "gradient norm + clipping", "optimiser update + zeroing"),
                    List.copyOf(profile.seconds().keySet()));
            assertTrue(profile.seconds().values().stream().allMatch(seconds -> seconds > 0), profile.seconds().toString());
        }
    }

    @Test
    void aNonFiniteLossStopsTrainingBeforeAnyUpdate() throws Exception {
        List<TrainingExample> examples = examples();
        try (Student student = Student.fromHuggingFace(Fixtures.dir("bert-tiny"), Device.cpu(), false);
             McqaEncoder encoder = McqaEncoder.open(Fixtures.dir("bert-tiny").resolve("tokenizer.json"), 128, true, 0)) {
            student.model().namedParameters().get("classifier.bias").getArray().set(java.nio.FloatBuffer.wrap(new float[] {Float.NaN}));
            float[] pooler = student.model().namedParameters().get("bert.pooler.dense.weight").getArray().toFloatArray();
            Distiller distiller = new Distiller(student, encoder, TrainingSettings.defaults().withBatchSize(4));
            IllegalStateException stopped = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> distiller.step(examples.subList(0, 4)));
            assertTrue(stopped.getMessage().contains("NaN at step 1"), stopped.getMessage());
            assertArrayEquals(pooler, student.model().namedParameters().get("bert.pooler.dense.weight").getArray().toFloatArray(),
                    "no weight was updated");
        }
    }

    @Test
    void earlyStoppingEndsOnceValidationStopsImproving() throws Exception {
        List<TrainingExample> examples = examples();
        double[] scores = {0.30, 0.40, 0.35, 0.38, 0.50, 0.60};
        int[] scored = {0};
        try (Student student = Student.fromHuggingFace(Fixtures.dir("bert-tiny"), Device.cpu(), false);
             McqaEncoder encoder = McqaEncoder.open(Fixtures.dir("bert-tiny").resolve("tokenizer.json"), 128, true, 0)) {
            Distiller distiller = new Distiller(student, encoder, TrainingSettings.defaults().withEpochs(6).withBatchSize(4));
            List<Float> losses = distiller.train(examples, (epoch, step, total, loss) -> { }, () -> false, () -> scores[scored[0]++], 2);
            assertEquals(4, losses.size(), "best at epoch 2; epochs 3 and 4 no better: stop after 4 of 6");
            assertEquals(List.of(0.30, 0.40, 0.35, 0.38), distiller.validationScores());
        }
    }

    private static float[] trainTinyBert(List<TrainingExample> examples, TrainingSettings settings, Path saveTo) throws Exception {
        try (Student student = Student.fromHuggingFace(Fixtures.dir("bert-tiny"), Device.cpu(), false);
             McqaEncoder encoder = McqaEncoder.open(Fixtures.dir("bert-tiny").resolve("tokenizer.json"), 128, true, 0)) {
            new Distiller(student, encoder, settings).train(examples, (epoch, step, total, loss) -> { }, () -> false);
            if (saveTo != null) {
                student.save(saveTo);
                assertTrue(Files.size(saveTo.resolve("model.safetensors")) > 0);
            }
            return student.predict(encoder.encode(examples.stream().map(TrainingExample::input).toList()), false).logits();
        }
    }
}
