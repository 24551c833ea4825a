package dev.mcqa.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mcqa.teacher.ChatTeacher.TokenLogprob;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerLettersTest {

    @Test
    void lettersSpelledAsRawBpeOrSentencePieceTokensCount() {
        assertEquals(1, AnswerLetters.letterIndex("\u0120B", 4), "byte-level BPE: Ġ stands for a space");
        assertEquals(2, AnswerLetters.letterIndex("\u2581C", 4), "SentencePiece: ▁ stands for a space");
        AnswerLetters.LetterProbabilities letters = AnswerLetters.fromLogprobs(List.of(new TokenLogprob("\u0120B", Math.log(0.6)),
                new TokenLogprob("B", Math.log(0.3)), new TokenLogprob("\u0120A", Math.log(0.1))), 2);
        assertEquals(1.0, letters.mass(), 1e-9);
        assertEquals(0.9, letters.probabilities()[1], 1e-9);
    }

    @Test
    void readsTheLetterSpellingsTokenizersProduce() {
        assertEquals(0, AnswerLetters.letterIndex("A", 4));
        assertEquals(1, AnswerLetters.letterIndex(" B", 4));
        assertEquals(2, AnswerLetters.letterIndex("C.", 4));
        assertEquals(3, AnswerLetters.letterIndex("(D)", 4));
        assertEquals(-1, AnswerLetters.letterIndex("E", 4));
        assertEquals(-1, AnswerLetters.letterIndex("a", 4));
        assertEquals(-1, AnswerLetters.letterIndex("An", 4));
    }

    @Test
    void readsTheFinalLetterOfAnAnswer() {
        assertEquals(1, AnswerLetters.answerLetter("B", 4));
        assertEquals(1, AnswerLetters.answerLetter("B. Paris", 4));
        assertEquals(2, AnswerLetters.answerLetter("**C**", 4));
        assertEquals(3, AnswerLetters.answerLetter("The answer is (D).", 4));
        assertEquals(0, AnswerLetters.answerLetter("Looking at each choice, B is wrong. Answer: A", 4));
        assertEquals(-1, AnswerLetters.answerLetter("I think it is the second one.", 4));
        assertEquals(-1, AnswerLetters.answerLetter("", 4));
    }
}
