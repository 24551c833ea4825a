package dev.mcqa.student.training;

import dev.mcqa.encoding.McqaInput;

/**
 * One question to learn from.
 *
 * @param teacher teacher probabilities per choice, or null (seeds have none)
 * @param label   the correct choice, or -1 when unknown
 * @param weight  how much the example counts in the batch mean
 */
public record TrainingExample(McqaInput input, float[] teacher, int label, float weight) {
    public TrainingExample {
        int choices = input.choices().size();
        if (teacher != null && teacher.length != choices) {
            throw new IllegalArgumentException("teacher gives " + teacher.length + " probabilities for " + choices + " choices");
        }
        if (label < -1 || label >= choices) {
            throw new IllegalArgumentException("label " + label + " is not a choice index");
        }
        if (teacher == null && label < 0) {
            throw new IllegalArgumentException("an example needs teacher probabilities or a label");
        }
        if (!(weight > 0)) {
            throw new IllegalArgumentException("weight must be positive, got " + weight);
        }
    }
}
