package dev.mcqa.student.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import dev.mcqa.encoding.EncodedBatch;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.student.Student;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Fine-tunes a student with the {@link DistillationLoss}: AdamW (decoupled weight decay on the
 * weight matrices only, as is usual: not on biases, LayerNorm or embeddings), linear warm-up then
 * linear decay, gradients clipped by their global norm, batches drawn anew every epoch within length
 * buckets. Seeded: the same examples and settings give the same model.
 */
public final class Distiller {

    /** Called after every step. */
    public interface Progress {
        void onStep(int epoch, int step, int totalSteps, float loss);
    }

    /** A score of the student after an epoch, higher is better (e.g. accuracy on validation questions). */
    public interface Validation {
        double score();
    }

    private final Student student;
    private final McqaEncoder encoder;
    private final TrainingSettings settings;
    private final DistillationLoss loss;
    private final Optimizer decayed;
    private final Optimizer undecayed;
    /** Per parameter (in {@code parameters} order): whether weight decay applies. */
    private final List<Boolean> decays;
    private final Collection<Parameter> parameters;
    private final List<String> parameterNames;
    private final List<String> skips = new ArrayList<>();
    private final List<Double> validationScores = new ArrayList<>();
    /** Consecutive non-finite gradients after which training stops rather than skipping on. */
    static final int MAX_SKIPPED_IN_A_ROW = 3;
    private int step;
    private int totalSteps;
    private int skippedInARow;

    public Distiller(Student student, McqaEncoder encoder, TrainingSettings settings) {
        this.student = student;
        this.encoder = encoder;
        this.settings = settings;
        this.loss = new DistillationLoss(settings.alpha(), settings.temperature());
        this.decayed = adamW(settings.weightDecay());
        this.undecayed = adamW(0f);
        Map<String, Parameter> named = student.model().namedParameters();
        this.parameters = named.values();
        this.parameterNames = List.copyOf(named.keySet());
        this.decays = parameterNames.stream().map(Distiller::decays).toList();
    }

    private Optimizer adamW(float weightDecay) {
        return Optimizer.adamW()
                .optLearningRateTracker((parameterId, numUpdate) -> settings.learningRateAt(step, Math.max(1, totalSteps)))
                .optWeightDecays(weightDecay)
                .build();
    }

    /** Weight decay applies to weight matrices, not to biases, LayerNorm parameters or embeddings. */
    static boolean decays(String parameterName) {
        String name = parameterName.toLowerCase(java.util.Locale.ROOT);
        return !(name.contains("bias") || name.contains("norm") || name.contains("embedding"));
    }

    /**
     * Trains for the configured epochs; stops early (returning what was done) when {@code cancelled} turns true.
     *
     * @return the mean loss of each completed epoch
     */
    public List<Float> train(List<TrainingExample> examples, Progress progress, BooleanSupplier cancelled) {
        return train(examples, progress, cancelled, null, 0);
    }

    /**
     * As {@link #train(List, Progress, BooleanSupplier)}, with early stopping: after each epoch the
     * student is scored by {@code validation}, and training stops once the score has not improved for
     * {@code patience} epochs (the learning-rate schedule still spans every configured epoch). The
     * student is the one of the last epoch trained, not the best one's. {@code validation} null or
     * {@code patience} 0: every epoch.
     */
    public List<Float> train(List<TrainingExample> examples, Progress progress, BooleanSupplier cancelled,
                             Validation validation, int patience) {
        Engine.getInstance().setRandomSeed((int) settings.seed());
        Random random = new Random(settings.seed());
        int perEpoch = batches(examples, settings.batchSize(), new Random(0)).size();
        totalSteps = perEpoch * settings.epochs();
        step = 0;
        List<Float> epochLosses = new ArrayList<>();
        double bestScore = Double.NEGATIVE_INFINITY;
        int bestEpoch = -1;
        validationScores.clear();
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            double sum = 0;
            int count = 0;
            for (List<TrainingExample> batch : batches(examples, settings.batchSize(), random)) {
                if (cancelled.getAsBoolean()) {
                    return epochLosses;
                }
                float value = step(batch);
                sum += value;
                count++;
                progress.onStep(epoch, step, totalSteps, value);
            }
            epochLosses.add((float) (sum / count));
            if (validation != null && patience > 0) {
                double score = validation.score();
                validationScores.add(score);
                if (score > bestScore) {
                    bestScore = score;
                    bestEpoch = epoch;
                } else if (epoch - bestEpoch >= patience) {
                    break;
                }
            }
        }
        return epochLosses;
    }

    /** One optimisation step on one batch; returns its loss. */
    public float step(List<TrainingExample> batch) {
        return step(batch, StepProfile.NONE);
    }

    /** One optimisation step on one batch, its phases' times added to {@code profile}; returns its loss. */
    public float step(List<TrainingExample> batch, StepProfile profile) {
        profile.start();
        EncodedBatch encoded = encoder.encode(batch.stream().map(TrainingExample::input).toList());
        profile.ended("encode");
        try (NDManager stepManager = student.manager().newSubManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = student.forward(stepManager, encoded, true).get(0);
            Targets targets = Targets.of(batch, encoded.choices(), stepManager);
            NDArray value = loss.compute(logits, targets.teacher(), targets.hasTeacher(), targets.labels(), targets.weights());
            float lossValue = value.getFloat();
            profile.ended("forward + loss");
            if (!Float.isFinite(lossValue)) {
                // Stop before the update: one non-finite step would spread through every weight.
                throw new IllegalStateException("the loss is " + lossValue + " at step " + (step + 1) + "; training stopped");
            }
            collector.backward(value);
            profile.ended("backward");
            List<NDArray> gradients = new ArrayList<>();
            for (Parameter parameter : parameters) {
                NDArray gradient = parameter.getArray().getGradient();
                gradient.attach(stepManager);
                gradients.add(gradient);
            }
            double norm = globalNorm(gradients);
            if (!Double.isFinite(norm)) {
                // A non-finite gradient with a finite loss (seen rarely on CPU): applying it would turn every
                // weight NaN, so this batch is skipped; many in a row mean the model itself is broken.
                skips.add("step " + (step + 1) + ": " + nonFinite(gradients));
                if (++skippedInARow > MAX_SKIPPED_IN_A_ROW) {
                    throw new IllegalStateException("the gradient norm is " + norm + " for " + skippedInARow
                            + " steps in a row (last at step " + (step + 1) + "); training stopped");
                }
                // zero_() in place: NaN - NaN would stay NaN, and the next backward adds to what is there
                parameters.forEach(parameter -> JniUtils.zeroGrad((PtNDArray) parameter.getArray()));
                step++;
                return lossValue;
            }
            skippedInARow = 0;
            if (settings.maxGradNorm() > 0 && norm > settings.maxGradNorm()) {
                float scale = (float) (settings.maxGradNorm() / (norm + 1e-6));
                gradients.forEach(gradient -> gradient.muli(scale));
            }
            profile.ended("gradient norm + clipping");
            int i = 0;
            for (Parameter parameter : parameters) {
                NDArray gradient = gradients.get(i);
                (decays.get(i++) ? decayed : undecayed).update(parameter.getId(), parameter.getArray(), gradient);
                gradient.subi(gradient); // PyTorch accumulates gradients: zero them for the next step
            }
            profile.ended("optimiser update + zeroing");
            step++;
            return lossValue;
        }
    }

    /** The loss over {@code examples} without dropout or gradients (evaluation). */
    public float meanLoss(List<TrainingExample> examples) {
        return Student.withoutGradients(() -> weightedMeanLoss(examples));
    }

    private float weightedMeanLoss(List<TrainingExample> examples) {
        double sum = 0;
        double weight = 0;
        for (List<TrainingExample> batch : batches(examples, settings.batchSize(), new Random(0))) {
            EncodedBatch encoded = encoder.encode(batch.stream().map(TrainingExample::input).toList());
            try (NDManager stepManager = student.manager().newSubManager()) {
                NDArray logits = student.forward(stepManager, encoded, false).get(0);
                Targets targets = Targets.of(batch, encoded.choices(), stepManager);
                float batchWeight = (float) batch.stream().mapToDouble(TrainingExample::weight).sum();
                sum += loss.compute(logits, targets.teacher(), targets.hasTeacher(), targets.labels(), targets.weights()).getFloat() * batchWeight;
                weight += batchWeight;
            }
        }
        return (float) (sum / weight);
    }

    /** A batch's targets as arrays. */
    private record Targets(NDArray teacher, NDArray hasTeacher, NDArray labels, NDArray weights) {
        static Targets of(List<TrainingExample> batch, int choices, NDManager manager) {
            int size = batch.size();
            float[] teacher = new float[size * choices];
            float[] hasTeacher = new float[size];
            long[] labels = new long[size];
            float[] weights = new float[size];
            for (int i = 0; i < size; i++) {
                TrainingExample example = batch.get(i);
                if (example.teacher() != null) {
                    System.arraycopy(example.teacher(), 0, teacher, i * choices, choices);
                    hasTeacher[i] = 1;
                }
                labels[i] = example.label();
                weights[i] = example.weight();
            }
            return new Targets(manager.create(teacher, new Shape(size, choices)), manager.create(hasTeacher),
                    manager.create(labels), manager.create(weights));
        }
    }

    /** The global L2 norm of the gradients, summed in double (a float sum of squares can overflow). */
    static double globalNorm(List<NDArray> gradients) {
        double squares = 0;
        for (NDArray gradient : gradients) {
            double max = gradient.abs().max().getFloat();
            if (!Double.isFinite(max)) {
                return max;
            }
            if (max > 0) {
                squares += gradient.div((float) max).square().sum().getFloat() * max * max;
            }
        }
        return Math.sqrt(squares);
    }

    /** The validation score after each epoch of the last {@code train} with early stopping. */
    public List<Double> validationScores() {
        return List.copyOf(validationScores);
    }

    /** The steps skipped for a non-finite gradient (see {@link #step}), each with the parameters whose gradient was not finite. */
    public List<String> skips() {
        return List.copyOf(skips);
    }

    private List<String> nonFinite(List<NDArray> gradients) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < gradients.size(); i++) {
            if (!Float.isFinite(gradients.get(i).abs().max().getFloat())) {
                names.add(parameterNames.get(i));
            }
        }
        return names;
    }

    /** Examples sorted by length within each group of this many batches, so that a batch pads little. */
    static final int BUCKET_BATCHES = 50;

    /**
     * The batches of one epoch: questions grouped by choice count and shuffled; each run of
     * {@link #BUCKET_BATCHES} batches' worth sorted by length and cut into batches; the batches
     * shuffled. A batch holds similar lengths, and different members every epoch.
     */
    static List<List<TrainingExample>> batches(List<TrainingExample> examples, int batchSize, Random random) {
        Map<Integer, List<TrainingExample>> byChoices = new TreeMap<>();
        for (TrainingExample example : examples) {
            byChoices.computeIfAbsent(example.input().choices().size(), k -> new ArrayList<>()).add(example);
        }
        List<List<TrainingExample>> batches = new ArrayList<>();
        int bucket = batchSize * BUCKET_BATCHES;
        for (List<TrainingExample> group : byChoices.values()) {
            List<TrainingExample> shuffled = new ArrayList<>(group);
            Collections.shuffle(shuffled, random);
            for (int from = 0; from < shuffled.size(); from += bucket) {
                List<TrainingExample> sorted = new ArrayList<>(shuffled.subList(from, Math.min(shuffled.size(), from + bucket)));
                sorted.sort(Comparator.comparingInt(Distiller::length));
                for (int start = 0; start < sorted.size(); start += batchSize) {
                    batches.add(sorted.subList(start, Math.min(sorted.size(), start + batchSize)));
                }
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    private static int length(TrainingExample example) {
        McqaInput input = example.input();
        return input.question().length() + input.choices().stream().mapToInt(String::length).max().orElse(0);
    }
}
