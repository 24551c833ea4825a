package dev.mcqa.inference.core;

import java.util.List;

/**
 * @param answer        index of the most probable choice
 * @param label         its letter (A, B, ...)
 * @param probabilities one per choice, in the question's order
 * @param model         the version of the model that answered
 */
public record Answer(int answer, String label, List<Double> probabilities, String model) {
}
