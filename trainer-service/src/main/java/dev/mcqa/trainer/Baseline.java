package dev.mcqa.trainer;

import ai.djl.Device;
import dev.mcqa.contract.MmluCsv;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.contract.Seed;
import dev.mcqa.student.training.TrainingSettings;
import dev.mcqa.trainer.core.Dataset;
import dev.mcqa.trainer.core.ModelStore;
import dev.mcqa.trainer.core.Trainer;
import dev.mcqa.trainer.core.TrainerSettings;
import dev.mcqa.trainer.core.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The paper's 5-shot baseline with this project's student: train on the MMLU dev seeds only (no
 * teacher), evaluate the exported ONNX file on the evaluation half of MMLU test-public, print accuracy
 * per task and overall and the wall time. No Kafka: the trainer core on its own. Run by bin/baseline.
 * Arguments: [backbone, default all-MiniLM-L6-v2] [epochs, default 3] [evaluation questions per task, default 0 = all]
 * [model store, default .run/baseline/models] [seed directory, default data/mmlu/dev].
 */
public final class Baseline {
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String backbone = args.length > 0 ? args[0] : "all-MiniLM-L6-v2";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int evaluationPerTask = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Path store = Path.of(args.length > 3 ? args[3] : ".run/baseline/models");
        Path seeds = Path.of(args.length > 4 ? args[4] : "data/mmlu/dev");
        Dataset dataset = new Dataset();
        try (Stream<Path> files = Files.list(seeds)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                for (Seed seed : MmluCsv.seeds(file.getFileName().toString(), Files.readString(file))) {
                    dataset.add(seed, "mmlu-dev", 0, dataset.seedCount());
                }
            }
        }
        TrainingSettings training = TrainingSettings.defaults().withEpochs(epochs);
        TrainerSettings settings = new TrainerSettings(backbone, 128, Device.cpu(), training, 1f, false,
                Path.of("data/mmlu/test-public"), evaluationPerTask, 0, store, 8, 0);
        AtomicReference<ModelRelease> released = new AtomicReference<>();
        try (Trainer trainer = new Trainer(dataset, settings, new ModelStore(store), released::set, Optional::empty)) {
            System.out.printf("5-shot baseline: %s trained on %d seeds for %d epochs (batch %d, lr %.0e), no teacher%n",
                    backbone, dataset.seedCount(), epochs, training.batchSize(), training.learningRate());
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
            System.out.printf("overall accuracy on the MMLU evaluation half: %.2f%% over %.0f questions (ECE %.4f)%n",
                    100 * p.metrics().get("accuracy"), p.metrics().get("items"), p.metrics().get("ece"));
            System.out.printf("paper (DeBERTa-v3-base, 5-shot): 28.9%%; wall time %.0f s%n", (System.nanoTime() - start) / 1e9);
            System.out.println("artifact: " + Path.of(java.net.URI.create(released.get().artifactUri())));
        }
    }
}
