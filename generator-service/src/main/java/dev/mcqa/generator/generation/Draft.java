package dev.mcqa.generator.generation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.InvalidMessageException;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A candidate item read from teacher output, before it is checked. Parsing and checking fail with a
 * {@link Refused} that carries a stable reason code.
 */
record Draft(String question, List<String> choices, int answer) {

    /** Why teacher output was refused. */
    static final class Refused extends Exception {
        final String reason;

        Refused(String reason, String detail) {
            super(detail);
            this.reason = reason;
        }
    }

    /** One JSON object {question, choices, answer}, possibly inside a code fence or surrounded by prose. */
    static Draft fromJsonItem(String text) throws Refused {
        JsonNode node = jsonIn(text, '{', '}');
        JsonNode question = node.get("question");
        JsonNode choices = node.get("choices");
        JsonNode answer = node.get("answer");
        if (question == null || !question.isTextual() || choices == null || !choices.isArray()) {
            throw new Refused("unparseable", "needs a string 'question' and an array 'choices'");
        }
        if (answer == null || !answer.isIntegralNumber()) {
            throw new Refused("no-single-answer", "'answer' must be one integer index, got " + (answer == null ? "nothing" : answer.toString()));
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode choice : choices) {
            if (!choice.isTextual()) {
                throw new Refused("unparseable", "every choice must be a string, got " + choice);
            }
            texts.add(choice.textValue());
        }
        return new Draft(question.textValue(), texts, answer.intValue());
    }

    /** The wrong choices of the decomposed method: a JSON array of strings, or one per line. */
    static List<String> distractors(String text) {
        try {
            JsonNode array = jsonIn(text, '[', ']');
            List<String> out = new ArrayList<>();
            array.forEach(element -> out.add(element.asText()));
            return out;
        } catch (Refused notJson) {
            return text.lines().map(line -> line.replaceFirst("^\\s*([-*•]|\\d+[.)])\\s*", "").strip()).filter(line -> !line.isEmpty()).toList();
        }
    }

    /** Checks the draft against the settings; the near-copy check is the registry's. */
    void check(GenerationSettings settings) throws Refused {
        if (question.isBlank()) {
            throw new Refused("empty-question", "the question is empty");
        }
        if (question.length() > settings.maxQuestionChars()) {
            throw new Refused("too-long", "the question has " + question.length() + " characters; the limit is " + settings.maxQuestionChars());
        }
        if (choices.size() != settings.choices()) {
            throw new Refused("wrong-choice-count", choices.size() + " choices; expected " + settings.choices());
        }
        Set<String> seen = new HashSet<>();
        for (String choice : choices) {
            if (choice.isBlank()) {
                throw new Refused("empty-choice", "a choice is empty");
            }
            if (choice.length() > settings.maxChoiceChars()) {
                throw new Refused("too-long", "a choice has " + choice.length() + " characters; the limit is " + settings.maxChoiceChars());
            }
            if (!seen.add(Text.comparisonKey(choice))) {
                throw new Refused("duplicate-choices", "'" + choice + "' appears twice");
            }
        }
        if (answer < 0 || answer >= choices.size()) {
            throw new Refused("no-single-answer", "answer " + answer + " is not one of the " + choices.size() + " choices");
        }
    }

    private static JsonNode jsonIn(String text, char open, char close) throws Refused {
        int start = text.indexOf(open);
        int end = text.lastIndexOf(close);
        if (start < 0 || end <= start) {
            throw new Refused("unparseable", "no JSON " + (open == '{' ? "object" : "array") + " in the output");
        }
        try {
            return Json.parse(text.substring(start, end + 1));
        } catch (InvalidMessageException e) {
            throw new Refused("unparseable", e.getMessage());
        }
    }
}
