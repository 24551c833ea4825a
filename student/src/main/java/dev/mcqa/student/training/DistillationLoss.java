package dev.mcqa.student.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * L = a * T^2 * KL(p_T || softmax(z / T)) + (1 - a) * CE(y, softmax(z)) per question, where p is the
 * teacher's probabilities, p_T is proportional to p^(1/T), z the student's logits and y the hard
 * label. A question with only one of the two targets gets that term alone at full weight (teacher
 * only: T^2 * KL; label only: CE). The batch loss is the example-weighted mean.
 */
public final class DistillationLoss {
    /** Teacher probabilities below this are raised to it before the logarithm. */
    static final float PROBABILITY_FLOOR = 1e-12f;
    private final float alpha;
    private final float temperature;

    public DistillationLoss(float alpha, float temperature) {
        if (alpha < 0 || alpha > 1) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        if (temperature <= 0) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        this.alpha = alpha;
        this.temperature = temperature;
    }

    /**
     * @param logits     [B, C] student logits
     * @param teacher    [B, C] teacher probabilities (any values in rows without a teacher)
     * @param hasTeacher [B] 1 where the question has teacher probabilities, else 0
     * @param labels     [B] int64 hard label, -1 where none
     * @param weights    [B] example weights
     * @return the scalar loss
     */
    public NDArray compute(NDArray logits, NDArray teacher, NDArray hasTeacher, NDArray labels, NDArray weights) {
        int choices = (int) logits.getShape().get(1);
        NDArray studentSoft = logits.div(temperature).logSoftmax(-1);
        NDArray teacherSoft = teacher.clip(PROBABILITY_FLOOR, 1f).log().div(temperature).logSoftmax(-1);
        NDArray kl = teacherSoft.exp().mul(teacherSoft.sub(studentSoft)).sum(new int[] {-1});

        NDArray hasLabel = labels.gte(0).toType(DataType.FLOAT32, false);
        NDArray oneHot = labels.maximum(0).oneHot(choices).toType(DataType.FLOAT32, false);
        NDArray ce = oneHot.mul(logits.logSoftmax(-1)).sum(new int[] {-1}).neg();

        // Weight of each term: a and 1 - a where both targets exist, 1 where only one does.
        NDArray klWeight = hasTeacher.mul(hasLabel.mul(alpha - 1f).add(1f));
        NDArray ceWeight = hasLabel.mul(hasTeacher.mul(-alpha).add(1f));
        NDArray perQuestion = klWeight.mul(kl).mul(temperature * temperature).add(ceWeight.mul(ce));
        return perQuestion.mul(weights).sum().div(weights.sum());
    }
}
