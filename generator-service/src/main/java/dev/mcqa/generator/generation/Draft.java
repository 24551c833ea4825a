package dev.mcqa.generator.generation;

import dev.mcqa.contract.Text;
import dev.mcqa.teacher.ItemText;
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

    /** One JSON object {question, choices, answer}, as {@link ItemText} reads it. */
    static Draft fromJsonItem(String text) throws Refused {
        try {
            ItemText.Item item = ItemText.jsonItem(text);
            return new Draft(item.question(), item.choices(), item.answer());
        } catch (ItemText.Unreadable e) {
            throw new Refused(e.reason(), e.getMessage());
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
}
