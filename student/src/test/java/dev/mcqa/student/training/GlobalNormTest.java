package dev.mcqa.student.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gradient norm that decides clipping, and skipping a step whose gradient is not finite. */
class GlobalNormTest {

    @Test
    void isTheL2NormOverAllGradientsEvenWhereFloatSquaresOverflow() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertEquals(13.0, Distiller.globalNorm(List.of(manager.create(new float[] {3, 4}), manager.create(new float[] {12}))), 1e-6);
            // 1e20 squared is past Float.MAX_VALUE: a float sum of squares would say infinity
            double norm = Distiller.globalNorm(List.of(manager.create(new float[] {1e20f, 1e20f}), manager.create(new float[] {0})));
            assertEquals(Math.sqrt(2) * 1e20, norm, 1e14);
            assertEquals(0.0, Distiller.globalNorm(List.of(manager.zeros(new ai.djl.ndarray.types.Shape(3)))));
        }
    }

    @Test
    void isNotFiniteWhenAnyGradientIsNot() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertTrue(Double.isNaN(Distiller.globalNorm(List.of(manager.create(new float[] {1, 2}), manager.create(new float[] {Float.NaN, 1})))));
            assertTrue(Double.isInfinite(Distiller.globalNorm(List.of(manager.create(new float[] {Float.POSITIVE_INFINITY})))));
        }
    }
}
