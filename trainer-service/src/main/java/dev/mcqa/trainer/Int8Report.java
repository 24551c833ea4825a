package dev.mcqa.trainer;

import ai.onnxruntime.OrtSession;
import dev.mcqa.contract.MmluSplit;
import dev.mcqa.contract.Seed;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.OrtModel;
import dev.mcqa.store.ModelStore;
import dev.mcqa.student.onnx.OnnxQuantizer;
import dev.mcqa.trainer.core.BatchedPredictor;
import dev.mcqa.trainer.core.Int8Check;
import dev.mcqa.trainer.core.PairedComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A released model's int8 form against its fp32 form on the evaluation half of an MMLU-format
 * directory (validation and test parts): top-1 agreement, both accuracies with the paired difference,
 * and the check a release's int8 file must pass. Run by bin/int8-check.
 * Arguments: model-dir [mmlu-dir, default data/mmlu/test-public] [questions per task in each part, default 0 = all].
 */
public final class Int8Report {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: bin/int8-check MODEL_DIR [MMLU_DIR] [questions per task in each part, 0 = all]");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        Path mmlu = Path.of(args.length > 1 ? args[1] : "data/mmlu/test-public");
        int perTask = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        List<Seed> questions = new ArrayList<>();
        MmluSplit.read(mmlu).forEach((task, halves) -> {
            for (List<Seed> part : List.of(halves.validation(), halves.test())) {
                questions.addAll(perTask > 0 ? part.subList(0, Math.min(perTask, part.size())) : part);
            }
        });
        byte[] fp32 = Files.readAllBytes(model.resolve(ModelStore.MODEL));
        byte[] int8 = OnnxQuantizer.dynamicInt8(fp32);
        try (OrtModel full = OrtModel.open(fp32, new OrtSession.SessionOptions());
             OrtModel quantised = OrtModel.open(int8, new OrtSession.SessionOptions());
             McqaEncoder encoder = McqaEncoder.forArtifact(model, full.tokenTypes())) {
            Int8Check.Result result = Int8Check.RELEASES.check(BatchedPredictor.onnx(full, encoder), BatchedPredictor.onnx(quantised, encoder), questions);
            PairedComparison c = result.comparison();
            double[] difference = c.differenceInterval();
            double[] fullInterval = PairedComparison.wilson(c.referenceRight(), c.questions());
            double[] int8Interval = PairedComparison.wilson(c.candidateRight(), c.questions());
            System.out.printf(Locale.ROOT, "model %s: fp32 %d bytes, int8 %d bytes%n", model, fp32.length, int8.length);
            System.out.printf(Locale.ROOT, "questions: %d (validation and test parts of the evaluation half of %s, %s per task in each)%n",
                    c.questions(), mmlu, perTask > 0 ? "at most " + perTask : "all");
            System.out.printf(Locale.ROOT, "top-1 agreement int8 / fp32: %.2f%%%n", 100 * result.agreement());
            System.out.printf(Locale.ROOT, "accuracy fp32 %.2f%% [%.1f, %.1f], int8 %.2f%% [%.1f, %.1f]%n", 100 * result.fp32Accuracy(),
                    100 * fullInterval[0], 100 * fullInterval[1], 100 * result.int8Accuracy(), 100 * int8Interval[0], 100 * int8Interval[1]);
            System.out.printf(Locale.ROOT, "int8 - fp32: %+.2f points, 95%% paired interval [%+.2f, %+.2f]; McNemar p = %.3f (%d only int8 right, %d only fp32)%n",
                    100 * c.difference(), 100 * difference[0], 100 * difference[1], c.pValue(), c.candidateRightOnly(), c.referenceRightOnly());
            System.out.println(result.reason());
        }
    }
}
