package dev.mcqa.trainer;

import ai.djl.Device;
import dev.mcqa.contract.MmluCsv;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.contract.Seed;
import dev.mcqa.store.DirectoryStore;
import dev.mcqa.student.Backbones;
import dev.mcqa.student.training.TrainingSettings;
import dev.mcqa.trainer.core.Dataset;
import dev.mcqa.trainer.core.Trainer;
import dev.mcqa.trainer.core.TrainerSettings;
import dev.mcqa.trainer.core.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The paper's 5-shot baseline with this project's student and recipe: train on the MMLU dev seeds
 * only (no teacher), evaluate the exported ONNX file on the test part of the MMLU evaluation half,
 * print accuracy per task and overall and the wall time. No Kafka: the trainer core on its own, so
 * the baseline gets exactly the release's encoding, leakage guard and optimiser. Run by bin/baseline.
 * Options (name=value): backbone (all-MiniLM-L6-v2), max-length and learning-rate (0: the backbone's
 * recipe), device (cpu, gpu), epochs (3), steps (0; when set, the epochs that give about that many
 * optimiser steps: a baseline matched to a release's steps), patience (0; when set, training stops
 * once accuracy on the validation part has not improved for that many epochs, at most {@code epochs}:
 * the baseline trained to convergence), eval-per-task (0 = all), store
 * (.run/baseline/models), seeds (data/mmlu/dev), evaluation (data/mmlu/test-public).
 */
public final class Baseline {
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Map<String, String> options = new LinkedHashMap<>();
        String[] optionDefaults = {"backbone", Backbones.MINILM, "max-length", "0", "learning-rate", "0", "device", "cpu", "epochs", "3",
            "steps", "0", "patience", "0", "eval-per-task", "0", "store", ".run/baseline/models", "seeds", "data/mmlu/dev",
            "evaluation", "data/mmlu/test-public"};
        for (int i = 0; i < optionDefaults.length; i += 2) {
            options.put(optionDefaults[i], optionDefaults[i + 1]);
        }
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            if (pair.length != 2 || !options.containsKey(pair[0])) {
                throw new IllegalArgumentException("unknown option '" + arg + "'; options: " + options.keySet());
            }
            options.put(pair[0], pair[1]);
        }
        String backbone = options.get("backbone");
        Backbones.Recipe recipe = Backbones.recipe(backbone);
        int maxLength = Integer.parseInt(options.get("max-length")) > 0 ? Integer.parseInt(options.get("max-length")) : recipe.maxLength();
        float learningRate = Float.parseFloat(options.get("learning-rate")) > 0 ? Float.parseFloat(options.get("learning-rate")) : recipe.learningRate();
        Device device = "gpu".equals(options.get("device")) ? Device.gpu() : Device.cpu();
        Path store = Path.of(options.get("store"));
        Dataset dataset = new Dataset();
        try (Stream<Path> files = Files.list(Path.of(options.get("seeds")))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                for (Seed seed : MmluCsv.seeds(file.getFileName().toString(), Files.readString(file))) {
                    dataset.add(seed, "mmlu-dev", 0, dataset.seedCount());
                }
            }
        }
        TrainingSettings defaults = TrainingSettings.defaults().withLearningRate(learningRate);
        int steps = Integer.parseInt(options.get("steps"));
        int perEpoch = (dataset.seedCount() + defaults.batchSize() - 1) / defaults.batchSize();
        int epochs = steps > 0 ? Math.max(1, Math.round((float) steps / perEpoch)) : Integer.parseInt(options.get("epochs"));
        TrainingSettings training = defaults.withEpochs(epochs);
        TrainerSettings settings = new TrainerSettings(backbone, maxLength, device, training, 1f, false,
                Path.of(options.get("evaluation")), Integer.parseInt(options.get("eval-per-task")), 0.05, 8, 0, 0.5,
                Integer.parseInt(options.get("patience")), Duration.ofMinutes(1), false, false);
        AtomicReference<ModelRelease> released = new AtomicReference<>();
        try (Trainer trainer = new Trainer(dataset, settings, new DirectoryStore(store), released::set, Optional::empty)) {
            System.out.printf("5-shot baseline: %s trained on %d seeds for %d epochs (about %d steps of %d, lr %.0e, max length %d, %s), no teacher%n",
                    backbone, dataset.seedCount(), epochs, epochs * perEpoch, training.batchSize(), learningRate, maxLength, device);
            TrainingRun run = trainer.start(new Trainer.Request(true, false, null));
            while (run.active()) {
                Thread.sleep(5000);
                TrainingRun.Progress p = run.progress();
                System.out.printf("  %s epoch %d/%d step %d/%d loss %s, %s s left%n", p.state(), p.epoch(), p.epochs(), p.step(),
                        p.totalSteps(), p.loss(), p.secondsLeft());
            }
            TrainingRun.Progress p = run.progress();
            if (p.state() != TrainingRun.State.RELEASED) {
                throw new IllegalStateException("the run ended " + p.state() + ": " + p.reason());
            }
            Map<String, Double> byTask = new TreeMap<>();
            p.metrics().forEach((key, value) -> {
                if (key.startsWith("accuracy.")) {
                    byTask.put(key.substring("accuracy.".length()), value);
                }
            });
            byTask.forEach((task, accuracy) -> System.out.printf("  %-40s %5.1f%%%n", task, 100 * accuracy));
            System.out.printf("dataset: %s%n", p.dataset());
            if (settings.patience() > 0) {
                System.out.printf("trained %d of at most %d epochs (early stopping, patience %d)%n", p.epoch(), epochs, settings.patience());
            }
            System.out.printf("overall accuracy on the test part of the MMLU evaluation half: %.2f%% over %.0f questions (ECE %.4f)%n",
                    100 * p.metrics().get("accuracy"), p.metrics().get("items"), p.metrics().get("ece"));
            System.out.printf("paper (DeBERTa-v3-base, 5-shot): 28.9%%; wall time %.0f s%n", (System.nanoTime() - start) / 1e9);
            System.out.println("artifact: " + Path.of(java.net.URI.create(released.get().artifactUri())));
        }
    }
}
