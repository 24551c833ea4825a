package dev.mcqa.encoding;

import java.util.List;

/** One multiple-choice question as the model sees it: the question and its choices. */
public record McqaInput(String question, List<String> choices) {
    public McqaInput {
        choices = List.copyOf(choices);
        if (choices.size() < 2) {
            throw new IllegalArgumentException("a question needs at least 2 choices, got " + choices.size());
        }
    }
}
