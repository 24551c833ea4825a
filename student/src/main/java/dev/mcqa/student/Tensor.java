package dev.mcqa.student;

import java.util.Arrays;

/** A float32 tensor read from a checkpoint: shape and row-major values. */
public record Tensor(long[] shape, float[] values) {
    public Tensor {
        long size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (size != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size + " values, got " + values.length);
        }
    }

    /** The transpose of a 2-D tensor. */
    public Tensor transposed() {
        if (shape.length != 2) {
            throw new IllegalStateException("only 2-D tensors transpose, not " + Arrays.toString(shape));
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[r * cols + c];
            }
        }
        return new Tensor(new long[] {cols, rows}, out);
    }
}
