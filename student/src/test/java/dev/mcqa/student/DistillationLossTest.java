package dev.mcqa.student;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.mcqa.student.training.DistillationLoss;
import org.junit.jupiter.api.Test;

class DistillationLossTest {

    @Test
    void equalsTheHandComputation() {
        float a = 0.3f;
        float t = 2f;
        double[][] z = {{2, 1, 0}, {0.5, -1, 1.5}, {1, 1, 3}};
        double[][] p = {{0.7, 0.2, 0.1}, {0.1, 0.3, 0.6}, {0, 0, 0}};
        long[] labels = {0, -1, 2};
        float[] hasTeacher = {1, 1, 0};
        float[] weights = {1, 2, 0.5f};

        // Question 0: both targets; 1: teacher only (T^2 KL); 2: label only (CE).
        double q0 = a * t * t * kl(p[0], z[0], t) + (1 - a) * ce(z[0], 0);
        double q1 = t * t * kl(p[1], z[1], t);
        double q2 = ce(z[2], 2);
        double expected = (1 * q0 + 2 * q1 + 0.5 * q2) / 3.5;

        try (NDManager manager = NDManager.newBaseManager()) {
            float actual = new DistillationLoss(a, t).compute(
                    manager.create(floats(z), new Shape(3, 3)), manager.create(floats(p), new Shape(3, 3)),
                    manager.create(hasTeacher), manager.create(labels), manager.create(weights)).getFloat();
            assertEquals(expected, actual, 1e-5);
        }
    }

    /** KL(p_T || softmax(z / T)) with p_T proportional to p^(1/T). */
    private static double kl(double[] p, double[] z, double t) {
        double[] pt = new double[p.length];
        double norm = 0;
        for (int i = 0; i < p.length; i++) {
            pt[i] = Math.pow(p[i], 1 / t);
            norm += pt[i];
        }
        double[] q = softmax(z, t);
        double kl = 0;
        for (int i = 0; i < p.length; i++) {
            pt[i] /= norm;
            kl += pt[i] * Math.log(pt[i] / q[i]);
        }
        return kl;
    }

    private static double ce(double[] z, int label) {
        return -Math.log(softmax(z, 1)[label]);
    }

    private static double[] softmax(double[] z, double t) {
        double sum = 0;
        double[] e = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] / t);
            sum += e[i];
        }
        for (int i = 0; i < z.length; i++) {
            e[i] /= sum;
        }
        return e;
    }

    private static float[] floats(double[][] values) {
        float[] out = new float[values.length * values[0].length];
        for (int r = 0; r < values.length; r++) {
            for (int c = 0; c < values[r].length; c++) {
                out[r * values[r].length + c] = (float) values[r][c];
            }
        }
        return out;
    }
}
