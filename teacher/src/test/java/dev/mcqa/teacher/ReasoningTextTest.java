package dev.mcqa.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Reasoning as the servers inline it, removed from an answer's content (no HTTP; the HTTP shapes: generator-service's OpenAiTeacherShapesTest). */
class ReasoningTextTest {

    @Test
    void everySpellingOfInlineReasoningIsRemoved() {
        assertEquals("{\"answer\": 1}", OpenAiTeacher.withoutReasoning("<think>\nabout {x}\n</think>\n\n{\"answer\": 1}"));
        assertEquals("{\"answer\": 1}", OpenAiTeacher.withoutReasoning("The user wants {x}. So...\n</think>\n\n{\"answer\": 1}"),
                "DeepSeek-R1 starts reasoning without the opening tag");
        assertEquals("done", OpenAiTeacher.withoutReasoning("<think>a</think>done<think>b {"), "an unclosed block: the budget ran out in it");
        assertEquals("", OpenAiTeacher.withoutReasoning("<think>\nOkay, let me write {\"question\""));
    }
}
