package dev.mcqa.teacher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.InvalidMessageException;
import dev.mcqa.contract.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How items are written for the teacher (few-shot examples) and how its written item is read,
 * before any check of its content: one JSON object
 * {question, choices, answer} (possibly in a code fence or surrounded by prose), or the decomposed
 * method's distractors (a JSON array of strings, or one per line).
 */
public final class ItemText {

    /** An item as written: the answer is the index of the correct choice. */
    public record Item(String question, List<String> choices, int answer) {
    }

    /** Teacher output that is not an item, with a stable reason code ({@code unparseable}, {@code no-single-answer}). */
    public static final class Unreadable extends Exception {
        private final String reason;

        Unreadable(String reason, String detail) {
            super(detail);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private ItemText() {
    }

    /** Items as few-shot examples for a prompt: one JSON object per line, in the shape asked back. */
    public static String examples(List<Item> items) {
        StringBuilder out = new StringBuilder();
        for (Item item : items) {
            out.append("{\"question\": ").append(Json.encode(item.question())).append(", \"choices\": [")
                    .append(item.choices().stream().map(Json::encode).collect(Collectors.joining(", ")))
                    .append("], \"answer\": ").append(item.answer()).append("}\n");
        }
        return out.toString().strip();
    }

    public static Item jsonItem(String text) throws Unreadable {
        JsonNode node = jsonIn(text, '{', '}');
        JsonNode question = node.get("question");
        JsonNode choices = node.get("choices");
        JsonNode answer = node.get("answer");
        if (question == null || !question.isTextual() || choices == null || !choices.isArray()) {
            throw new Unreadable("unparseable", "needs a string 'question' and an array 'choices'");
        }
        if (answer == null || !answer.isIntegralNumber()) {
            throw new Unreadable("no-single-answer", "'answer' must be one integer index, got " + (answer == null ? "nothing" : answer.toString()));
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode choice : choices) {
            if (!choice.isTextual()) {
                throw new Unreadable("unparseable", "every choice must be a string, got " + choice);
            }
            texts.add(choice.textValue());
        }
        return new Item(question.textValue(), texts, answer.intValue());
    }

    public static List<String> distractors(String text) {
        try {
            JsonNode array = jsonIn(text, '[', ']');
            List<String> out = new ArrayList<>();
            array.forEach(element -> out.add(element.asText()));
            return out;
        } catch (Unreadable notJson) {
            return text.lines().map(line -> line.replaceFirst("^\\s*([-*•]|\\d+[.)])\\s*", "").strip()).filter(line -> !line.isEmpty()).toList();
        }
    }

    private static JsonNode jsonIn(String text, char open, char close) throws Unreadable {
        int start = text.indexOf(open);
        int end = text.lastIndexOf(close);
        if (start < 0 || end <= start) {
            throw new Unreadable("unparseable", "no JSON " + (open == '{' ? "object" : "array") + " in the output");
        }
        try {
            return Json.parse(text.substring(start, end + 1));
        } catch (InvalidMessageException e) {
            throw new Unreadable("unparseable", e.getMessage());
        }
    }
}
