package dev.mcqa.trainer.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.student.Student;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchedPredictorTest {
    private static final Path BERT_TINY = Path.of("../../shared/fixtures/bert-tiny");

    /**
     * Batches are formed from questions of similar length, not in the order given: each answer must
     * still come back in its question's place, equal to what the question gets on its own.
     */
    @Test
    void answersComeBackInTheQuestionsOrderAsEachGetsAlone() throws Exception {
        List<McqaInput> questions = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String question = "Question " + i + " " + "about something longer ".repeat((i * 7) % 11);
            List<String> choices = i % 3 == 0 ? List.of("yes", "no") : List.of("red " + i, "green", "blue", "a much longer choice ".repeat(i % 4));
            questions.add(new McqaInput(question, choices));
        }
        try (Student student = Student.fromHuggingFace(BERT_TINY, Device.cpu(), true);
             McqaEncoder encoder = McqaEncoder.open(BERT_TINY.resolve("tokenizer.json"), 64, student.config().usesTokenTypes(),
                     student.config().padTokenId())) {
            BatchedPredictor predictor = BatchedPredictor.student(student, encoder);
            List<double[]> together = predictor.probabilities(questions);
            assertEquals(questions.size(), together.size());
            for (int i = 0; i < questions.size(); i++) {
                double[] alone = predictor.probabilities(List.of(questions.get(i))).get(0);
                assertArrayEquals(alone, together.get(i), 1e-5, "question " + i);
            }
        }
    }
}
