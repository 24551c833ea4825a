package dev.mcqa.student.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.mcqa.encoding.EncodedBatch;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.student.Backbones;
import dev.mcqa.student.EncoderConfig;
import dev.mcqa.student.Student;
import dev.mcqa.student.training.Distiller;
import dev.mcqa.student.training.StepProfile;
import dev.mcqa.student.training.TrainingExample;
import dev.mcqa.student.training.TrainingSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prints the student's training throughput on this machine: all-MiniLM-L6-v2, batches of 8
 * questions x 4 choices, every pair 128 tokens; the median step time, questions/s, where a step's
 * time goes, peak RSS, and the step's FLOPs (on all tokens, and on real, unpadded ones) against the
 * machine's measured fp32 matrix-multiply peak, with the thread counts libtorch runs with. Run by
 * bin/bench-student, with the MKL settings the trainer runs with. Arguments: [steps, default 12].
 */
public final class TrainingBenchmark {
    private static final int BATCH = 8;
    private static final int CHOICES = 4;
    private static final int LENGTH = 128;

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        double peak = matMulPeakGflops();
        System.out.printf("fp32 matmul peak (DJL PyTorch, 1024^3, median of 5): %.1f GFLOP/s%n", peak);
        System.out.printf("libtorch threads: intra-op %d, inter-op %d; MKL_DYNAMIC=%s MKL_CBWR=%s OMP_NUM_THREADS=%s%n",
                JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(),
                System.getenv("MKL_DYNAMIC"), System.getenv("MKL_CBWR"), System.getenv("OMP_NUM_THREADS"));

        List<TrainingExample> batch = new ArrayList<>();
        for (int q = 0; q < BATCH; q++) {
            String question = ("Question " + q + " asks about the history of rivers, planets, metals and birds in great detail. ").repeat(12);
            List<String> choices = List.of("the first answer " + q, "the second answer", "the third answer", "the fourth answer");
            batch.add(new TrainingExample(new McqaInput(question, choices), new float[] {0.4f, 0.3f, 0.2f, 0.1f}, 0, 1f));
        }
        try (Student student = Backbones.load(Backbones.MINILM, Device.cpu());
             InputStream tokenizer = Backbones.tokenizer(Backbones.MINILM);
             McqaEncoder encoder = McqaEncoder.open(tokenizer, LENGTH, true, 0)) {
            EncodedBatch encoded = encoder.encode(batch.stream().map(TrainingExample::input).toList());
            int length = encoded.length();
            Distiller distiller = new Distiller(student, encoder, TrainingSettings.defaults().withBatchSize(BATCH));
            for (int i = 0; i < 2; i++) {
                distiller.step(batch); // warm-up
            }
            double[] seconds = new double[steps];
            StepProfile profile = new StepProfile();
            for (int i = 0; i < steps; i++) {
                long start = System.nanoTime();
                distiller.step(batch, profile);
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            double total = Arrays.stream(seconds).sum();
            Arrays.sort(seconds);
            double median = seconds[steps / 2];
            double flops = trainingStepFlops(student.config(), BATCH * CHOICES, length);
            double realFlops = 0;
            for (int sequence = 0; sequence < BATCH * CHOICES; sequence++) {
                realFlops += trainingStepFlops(student.config(), 1, (int) Arrays.stream(encoded.attentionMask(), sequence * length, (sequence + 1) * length).sum());
            }
            System.out.printf("MiniLM-L6 training, batch %d x %d choices x %d tokens, %d steps after 2 warm-up:%n", BATCH, CHOICES, length, steps);
            System.out.printf("  step time median %.3f s (min %.3f, max %.3f)%n", median, seconds[0], seconds[steps - 1]);
            System.out.printf("  throughput %.2f questions/s%n", BATCH / median);
            System.out.println("  where a step's time goes (share of the measured steps' total):");
            double phases = 0;
            for (Map.Entry<String, Double> phase : profile.seconds().entrySet()) {
                System.out.printf("    %-30s %6.3f s a step  %5.1f%%%n", phase.getKey(), phase.getValue() / steps, 100 * phase.getValue() / total);
                phases += phase.getValue();
            }
            System.out.printf("    %-30s %6.3f s a step  %5.1f%%%n", "freeing the step's arrays", (total - phases) / steps, 100 * (total - phases) / total);
            System.out.printf("  FLOPs per step %.1f GFLOP (3 x forward), achieved %.1f GFLOP/s = %.0f%% of the matmul peak%n",
                    flops / 1e9, flops / 1e9 / median, 100 * flops / 1e9 / median / peak);
            System.out.printf("  on real (unpadded) tokens: %.1f GFLOP per step, %.1f GFLOP/s = %.0f%% of the peak%n",
                    realFlops / 1e9, realFlops / 1e9 / median, 100 * realFlops / 1e9 / median / peak);
            System.out.printf("  peak RSS %.2f GB%n", peakRssGb());
        }
    }

    /** Forward FLOPs of the encoder for {@code sequences} sequences of {@code length}, times 3 for forward + backward. */
    static double trainingStepFlops(EncoderConfig c, int sequences, int length) {
        double h = c.hiddenSize();
        double perLayer = 2.0 * length * (4 * h * h + 2 * h * c.intermediateSize()) + 2.0 * 2 * length * length * h;
        return 3 * sequences * c.layers() * perLayer;
    }

    private static double matMulPeakGflops() {
        int n = 1024;
        double[] rates = new double[5];
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray a = manager.randomNormal(new Shape(n, n));
            NDArray b = manager.randomNormal(new Shape(n, n));
            for (int warm = 0; warm < 3; warm++) {
                a.matMul(b).close();
            }
            for (int r = 0; r < rates.length; r++) {
                int reps = 10;
                long start = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    a.matMul(b).close();
                }
                rates[r] = 2.0 * n * n * n * reps / ((System.nanoTime() - start) / 1e9) / 1e9;
            }
        }
        Arrays.sort(rates);
        return rates[rates.length / 2];
    }

    private static double peakRssGb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0;
            }
        }
        return Double.NaN;
    }
}
