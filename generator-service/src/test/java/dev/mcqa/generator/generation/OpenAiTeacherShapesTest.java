package dev.mcqa.generator.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.teacher.ChatTeacher;
import dev.mcqa.teacher.OpenAiTeacher;
import dev.mcqa.teacher.ResilientTeacher;
import dev.mcqa.teacher.TeacherException;
import dev.mcqa.testing.KafkaTestResource;
import dev.mcqa.testing.FakeOpenAiResource;
import dev.mcqa.testing.FakeOpenAiServer;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI adapter (served by quarkus-langchain4j, hence a Quarkus test) against response bodies
 * shaped as real servers answer (test-support's resources teacher-responses/, their sources in its
 * SOURCES.md), replayed over HTTP by the fake server.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeOpenAiResource.class, scope = TestResourceScope.GLOBAL)
class OpenAiTeacherShapesTest {
    private static final ChatTeacher.Request LETTER = new ChatTeacher.Request("system", "user", 1, 0, 20);
    private static final ChatTeacher.Request ITEM = new ChatTeacher.Request("system", "user", 512, 0.7, 0);
    private FakeOpenAiServer server;
    private OpenAiTeacher teacher;

    @BeforeEach
    void reset() {
        server = FakeOpenAiResource.server();
        server.reset();
        teacher = new OpenAiTeacher(new OpenAiTeacher.Settings(server.baseUrl(), "any-model", "", Duration.ofSeconds(10)));
    }

    @AfterEach
    void stopReplaying() {
        server.reset();
    }

    @Test
    void insufficientQuotaIsPermanentAndNotRetried() {
        server.replayRecorded(429, "openai-insufficient-quota-429.json");
        long before = server.requests();
        ResilientTeacher resilient = new ResilientTeacher(teacher, new ResilientTeacher.Settings(1, Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofSeconds(30), 100, Duration.ofSeconds(1)));
        TeacherException e = assertThrows(TeacherException.class, () -> resilient.chat(LETTER));
        assertEquals(TeacherException.Kind.REJECTED, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("insufficient_quota"), e.getMessage());
        assertEquals(1, server.requests() - before, "a permanent error is not retried");
    }

    @Test
    void tokenSpellingsComeFromTheirBytesWhereSent() {
        server.replayRecorded(200, "byte-level-bpe-spellings.json");
        List<ChatTeacher.TokenLogprob> first = teacher.chat(LETTER).firstToken();
        assertEquals(List.of(" B", " A", "\u0120C", "\u0120D"), first.stream().map(ChatTeacher.TokenLogprob::token).toList(),
                "bytes decoded where present; the raw spelling kept where not (the scorer reads Ġ as a space)");
    }

    @Test
    void aReasoningModelsFirstTokenComesThroughAsItIs() {
        server.replayRecorded(200, "vllm-reasoning-first-token.json");
        ChatTeacher.Reply reply = teacher.chat(LETTER);
        assertEquals("<think>", reply.firstToken().get(0).token());
        assertEquals(4, reply.firstToken().size());
    }

    @Test
    void generationCutInsideTheReasoningIsTruncatedAndEmpty() {
        server.replayRecorded(200, "vllm-generation-cut-in-reasoning.json");
        ChatTeacher.Reply reply = teacher.chat(ITEM);
        assertTrue(reply.truncated(), "finish_reason length");
        assertEquals("", reply.text(), "no braces from the reasoning reach the item parser");
    }

    @Test
    void inlineReasoningIsRemovedBeforeTheItemIsParsed() {
        server.replayRecorded(200, "llama-server-inline-think.json");
        ChatTeacher.Reply reply = teacher.chat(ITEM);
        assertEquals("{\"question\": \"Which bone is in the upper arm?\", \"choices\": [\"Femur\", \"Humerus\", \"Tibia\", \"Fibula\"], \"answer\": 1}",
                reply.text());
        assertEquals(false, reply.truncated());
    }

    @Test
    void anOpenAiReasoningModelsParameterRefusalsAreLearntOnceAndItsLogprobRefusalReported() {
        server.family(FakeOpenAiServer.Family.OPENAI_REASONING);
        ChatTeacher.Reply cut = teacher.chat(ITEM);
        assertTrue(cut.truncated() && cut.text().isEmpty(), "512 tokens are spent inside the hidden reasoning");
        teacher = new OpenAiTeacher(new OpenAiTeacher.Settings(server.baseUrl(), "any-model", "", Duration.ofSeconds(10),
                OpenAiTeacher.ReasoningOff.NONE, "minimal", 1024));
        long before = server.requests();
        ChatTeacher.Reply first = teacher.chat(ITEM);
        assertTrue(first.text().contains("[fake LLM]"), first.text());
        assertEquals(3, server.requests() - before, "max_tokens refused, then the temperature, then answered");
        teacher.chat(ITEM);
        assertEquals(4, server.requests() - before, "learnt: one request per call from then on");
        TeacherException logprobs = assertThrows(TeacherException.class, () -> teacher.chat(LETTER));
        assertEquals(TeacherException.Kind.REJECTED, logprobs.kind());
        assertTrue(logprobs.getMessage().contains("logprobs"), logprobs.getMessage());
    }

    @Test
    void answerOnlyRequestsTurnReasoningOffAsConfigured() {
        ChatTeacher.Request letter = new ChatTeacher.Request("system", "user", 1, 0, 20, true);
        OpenAiTeacher vllm = new OpenAiTeacher(new OpenAiTeacher.Settings(server.baseUrl(), "any-model", "", Duration.ofSeconds(10),
                OpenAiTeacher.ReasoningOff.CHAT_TEMPLATE_KWARGS, "minimal", 0));
        vllm.chat(letter);
        assertEquals(false, server.lastRequest().path("chat_template_kwargs").path("enable_thinking").asBoolean(true),
                server.lastRequest().toString());
        vllm.chat(ITEM);
        assertTrue(server.lastRequest().path("chat_template_kwargs").isMissingNode(), "generation may reason");
        OpenAiTeacher ollama = new OpenAiTeacher(new OpenAiTeacher.Settings(server.baseUrl(), "any-model", "", Duration.ofSeconds(10),
                OpenAiTeacher.ReasoningOff.REASONING_EFFORT, "none", 0));
        ollama.chat(letter);
        assertEquals("none", server.lastRequest().path("reasoning_effort").asText(), server.lastRequest().toString());
        teacher.chat(letter);
        assertTrue(server.lastRequest().path("reasoning_effort").isMissingNode() && server.lastRequest().path("chat_template_kwargs").isMissingNode(),
                "by default nothing is sent that a strict server could refuse");
    }

    @Test
    void aRefusalFieldOrAContentFilterIsARefusalAndNotRetried() {
        ResilientTeacher resilient = new ResilientTeacher(teacher, new ResilientTeacher.Settings(1, Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofSeconds(30), 100, Duration.ofSeconds(1)));
        for (String recorded : List.of("openai-refusal.json", "openai-content-filter.json")) {
            server.replayRecorded(200, recorded);
            long before = server.requests();
            TeacherException e = assertThrows(TeacherException.class, () -> resilient.chat(ITEM), recorded);
            assertEquals(TeacherException.Kind.REFUSED, e.kind(), recorded + ": " + e.getMessage());
            assertEquals(1, server.requests() - before, recorded + ": a refusal is not asked again");
        }
    }

    @Test
    void aRateLimitCarriesTheServersRetryAfter() {
        server.replayRecorded(429, "openai-rate-limit-429.json", java.util.Map.of("Retry-After", "7"));
        TeacherException withHeader = assertThrows(TeacherException.class, () -> teacher.chat(ITEM));
        assertEquals(TeacherException.Kind.RATE_LIMITED, withHeader.kind());
        assertEquals(java.util.Optional.of(Duration.ofSeconds(7)), withHeader.retryAfter(), "the header wins over the body's hint");
        server.replayRecorded(429, "openai-rate-limit-429.json");
        assertEquals(java.util.Optional.of(Duration.ofSeconds(2)), assertThrows(TeacherException.class, () -> teacher.chat(ITEM)).retryAfter(),
                "without the header, OpenAI's 'Please try again in 2s'");
        server.replay(503, "{\"error\": {\"message\": \"overloaded\"}}", java.util.Map.of("Retry-After", "3"));
        TeacherException unavailable = assertThrows(TeacherException.class, () -> teacher.chat(ITEM));
        assertEquals(TeacherException.Kind.UNAVAILABLE, unavailable.kind());
        assertEquals(java.util.Optional.of(Duration.ofSeconds(3)), unavailable.retryAfter());
    }

    @Test
    void reasoningTokensAreAddedToEveryCallButALogprobCall() {
        OpenAiTeacher thinking = new OpenAiTeacher(new OpenAiTeacher.Settings(server.baseUrl(), "any-model", "", Duration.ofSeconds(10),
                OpenAiTeacher.ReasoningOff.NONE, "minimal", 2048));
        thinking.chat(ITEM);
        assertEquals(512 + 2048, server.lastRequest().path("max_tokens").asInt(), server.lastRequest().toString());
        thinking.chat(LETTER);
        assertEquals(1, server.lastRequest().path("max_tokens").asInt(), "only the first token of a log-prob call is read");
    }
}
