package dev.mcqa.inference.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.Rules;
import dev.mcqa.contract.Violation;
import dev.mcqa.encoding.McqaInput;
import java.util.ArrayList;
import java.util.List;

/** What a question to answer must be; every problem is named by its JSON path. */
public final class QuestionRules {

    public record Limits(int maxChoices, int maxQuestionChars, int maxChoiceChars, int maxBatchQuestions) {
    }

    private QuestionRules() {
    }

    /** Reads {question, choices, task?} at {@code path}; adds violations to {@code out} and returns null if any. */
    public static McqaInput read(JsonNode node, String path, Limits limits, List<Violation> out) {
        int before = out.size();
        if (node == null || !node.isObject()) {
            out.add(new Violation(path, "must be an object {question, choices, task?}"));
            return null;
        }
        String question = text(node.get("question"), at(path, "question"), limits.maxQuestionChars(), out);
        JsonNode choices = node.get("choices");
        List<String> texts = new ArrayList<>();
        if (choices == null || choices.isNull()) {
            out.add(new Violation(at(path, "choices"), "is required"));
        } else if (!choices.isArray()) {
            out.add(new Violation(at(path, "choices"), "must be an array of strings"));
        } else if (choices.size() < 2 || choices.size() > limits.maxChoices()) {
            out.add(new Violation(at(path, "choices"), "needs 2 to " + limits.maxChoices() + " choices, got " + choices.size()));
        } else {
            for (int i = 0; i < choices.size(); i++) {
                texts.add(text(choices.get(i), at(path, "choices") + "[" + i + "]", limits.maxChoiceChars(), out));
            }
        }
        JsonNode task = node.get("task");
        if (task != null && !task.isNull()) {
            if (!task.isTextual()) {
                out.add(new Violation(at(path, "task"), "must be a string"));
            } else {
                Rules.task(at(path, "task"), task.textValue(), out);
            }
        }
        return out.size() == before ? new McqaInput(question, texts) : null;
    }

    private static String text(JsonNode value, String field, int maxChars, List<Violation> out) {
        if (value == null || value.isNull()) {
            out.add(new Violation(field, "is required"));
        } else if (!value.isTextual()) {
            out.add(new Violation(field, "must be a string"));
        } else if (value.textValue().isBlank()) {
            out.add(new Violation(field, "must not be empty"));
        } else if (value.textValue().length() > maxChars) {
            out.add(new Violation(field, "has " + value.textValue().length() + " characters; the limit is " + maxChars));
        } else if (!wellFormed(value.textValue())) {
            out.add(new Violation(field, "contains an unpaired UTF-16 surrogate"));
        } else {
            return value.textValue();
        }
        return null;
    }

    /** No lone surrogates (JSON's \\ud800 escapes can make them; the tokenizer cannot take them). */
    static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String at(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
