package dev.mcqa.student.training;

/**
 * How a student is trained.
 *
 * @param warmupFraction share of the steps over which the learning rate rises linearly from 0; it then falls linearly to 0
 * @param maxGradNorm    gradients are scaled down so that their global L2 norm is at most this (0: no clipping)
 * @param alpha          weight of the distillation term against the hard-label term
 * @param temperature    softening temperature T of the distillation term
 */
public record TrainingSettings(int epochs, int batchSize, float learningRate, float warmupFraction, float weightDecay,
                               float maxGradNorm, float alpha, float temperature, long seed) {

    /** Defaults for fine-tuning a small encoder: 3 epochs of batch 8 at 5e-5, 10% warm-up, a = 0.5, T = 2. */
    public static TrainingSettings defaults() {
        return new TrainingSettings(3, 8, 5e-5f, 0.1f, 0.01f, 1.0f, 0.5f, 2.0f, 42);
    }

    public TrainingSettings withEpochs(int value) {
        return new TrainingSettings(value, batchSize, learningRate, warmupFraction, weightDecay, maxGradNorm, alpha, temperature, seed);
    }

    public TrainingSettings withLearningRate(float value) {
        return new TrainingSettings(epochs, batchSize, value, warmupFraction, weightDecay, maxGradNorm, alpha, temperature, seed);
    }

    public TrainingSettings withBatchSize(int value) {
        return new TrainingSettings(epochs, value, learningRate, warmupFraction, weightDecay, maxGradNorm, alpha, temperature, seed);
    }

    /** Learning rate at 0-based {@code step} of {@code total}: linear warm-up, then linear decay to 0. */
    public float learningRateAt(int step, int total) {
        int warmup = Math.max(1, Math.round(warmupFraction * total));
        if (step < warmup) {
            return learningRate * (step + 1) / warmup;
        }
        return learningRate * Math.max(0f, (float) (total - step) / Math.max(1, total - warmup));
    }
}
