package dev.mcqa.generator.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.teacher.ChatTeacher;
import dev.mcqa.teacher.OpenAiTeacher;
import dev.mcqa.teacher.TeacherException;
import dev.mcqa.testing.KafkaTestResource;
import dev.mcqa.testing.FakeOpenAiResource;
import dev.mcqa.testing.FakeOpenAiServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI adapter (langchain4j, served by quarkus-langchain4j, hence a Quarkus test) against a
 * fake OpenAI-compatible server over real HTTP.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeOpenAiResource.class, scope = TestResourceScope.GLOBAL)
class OpenAiTeacherTest {
    private static FakeOpenAiServer fake;
    private static OpenAiTeacher teacher;
    private static final String SCORING = "TASK: law\nOUTPUT: letter\nQuestion: Q?\nA. one\nB. two [correct]\nC. three";

    @BeforeEach
    void reset() {
        fake = FakeOpenAiResource.server();
        fake.reset();
        teacher = new OpenAiTeacher(new OpenAiTeacher.Settings(fake.baseUrl(), FakeOpenAiServer.MODEL, "", Duration.ofMillis(800)));
    }

    @Test
    void readsTheFirstTokensTopLogprobs() {
        ChatTeacher.Reply reply = teacher.chat(new ChatTeacher.Request("score", SCORING, 1, 0, 20));
        assertEquals("B", reply.text());
        assertEquals(6, reply.firstToken().size());
        assertEquals("B", reply.firstToken().get(0).token());
        assertTrue(reply.firstToken().stream().anyMatch(t -> t.token().equals(" B")));
        fake.logprobs(false);
        assertTrue(teacher.chat(new ChatTeacher.Request("score", SCORING, 1, 0, 20)).firstToken().isEmpty());
    }

    @Test
    void sortsFailuresIntoKinds() {
        fake.failNext(500, 1);
        assertEquals(TeacherException.Kind.UNAVAILABLE, kindOfFailure());
        fake.failNext(429, 1);
        assertEquals(TeacherException.Kind.RATE_LIMITED, kindOfFailure());
        fake.failNext(400, 1);
        TeacherException.Kind rejected = kindOfFailure();
        assertEquals(TeacherException.Kind.REJECTED, rejected);
        assertFalse(new TeacherException(rejected, "", null).retryable());
        fake.delay(Duration.ofMillis(1500));
        assertEquals(TeacherException.Kind.TIMEOUT, kindOfFailure());
    }

    private static TeacherException.Kind kindOfFailure() {
        return assertThrows(TeacherException.class, () -> teacher.chat(new ChatTeacher.Request("s", "OUTPUT: question\nTASK: law", 50, 0.7, 0))).kind();
    }
}
