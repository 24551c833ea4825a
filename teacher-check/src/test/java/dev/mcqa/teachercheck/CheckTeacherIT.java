package dev.mcqa.teachercheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.testing.FakeOpenAiServer;
import dev.mcqa.testing.FakeOpenAiServer.Family;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bin/check-teacher, the packaged command, against the FAKE server answering as each server family
 * (see {@link Family}): each verdict and recommended setting is the one a user of that server needs.
 */
class CheckTeacherIT {
    private static FakeOpenAiServer fake;

    @BeforeAll
    static void start() throws IOException {
        fake = FakeOpenAiServer.start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    private record Run(int exit, String out) {
        String line(String topic) {
            return out.lines().filter(l -> l.startsWith(topic + " ")).reduce((a, b) -> b).orElse("");
        }
    }

    private static Run check(Family family, String model) throws Exception {
        fake.reset();
        fake.family(family);
        return checkTeacher(fake.baseUrl(), model);
    }

    private static Run checkTeacher(String baseUrl, String model) throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Process process = new ProcessBuilder(repo.resolve("bin/check-teacher").toString(), baseUrl, model).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), out);
        System.out.println("--- bin/check-teacher " + baseUrl + " " + model + "\n" + out);
        return new Run(process.exitValue(), out);
    }

    @Test
    void aModelThatAnswersAtOnceNeedsNoSettings() throws Exception {
        Run run = check(Family.OPENAI, FakeOpenAiServer.MODEL);
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.line("verdict").contains("usable: scores from log-probs"), run.out());
        assertTrue(run.line("log-probs").contains("no reasoning control: letter mass 1.000"), run.out());
        assertTrue(run.line("generation").contains("json parses") && run.line("generation").contains("decomposed parses"), run.out());
        assertTrue(run.line("settings").contains("none needed"), run.out());
        assertTrue(run.line("latency").contains("median"), run.out());
    }

    @Test
    void vllmWithAThinkingModelNeedsTheTemplateSwitchAndAReasoningBudget() throws Exception {
        Run run = check(Family.VLLM_THINKING, FakeOpenAiServer.MODEL);
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().contains("no reasoning control: letter mass 0.000 (most likely answer token '<think>'"), run.out());
        assertTrue(run.line("settings").contains("MCQA_TEACHER_REASONING_OFF=chat-template-kwargs"), run.out());
        assertTrue(run.out().contains("reasoning-tokens 0: json truncated"), "512 tokens end inside the reasoning: " + run.out());
        assertTrue(run.line("settings").contains("MCQA_TEACHER_REASONING_TOKENS=4096"), run.out());
    }

    @Test
    void llamaServerWithAThinkingModelNeedsTheTemplateSwitchToo() throws Exception {
        Run run = check(Family.LLAMA_SERVER_THINKING, FakeOpenAiServer.MODEL);
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.line("verdict").contains("usable: scores from log-probs"), run.out());
        assertTrue(run.line("settings").contains("MCQA_TEACHER_REASONING_OFF=chat-template-kwargs"), run.out());
    }

    @Test
    void ollamaGivesNoLogprobsAndIsScoredBySamplingWithReasoningOff() throws Exception {
        Run run = check(Family.OLLAMA_THINKING, FakeOpenAiServer.MODEL);
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.line("log-probs").contains("not returned"), run.out());
        assertTrue(run.line("verdict").contains("usable by sampling"), run.out());
        assertTrue(run.line("settings").contains("MCQA_TEACHER_REASONING_OFF=reasoning-effort MCQA_TEACHER_REASONING_EFFORT=none"), run.out());
    }

    @Test
    void anOpenAiReasoningModelRefusesLogprobsAndSamplesWithMinimalEffort() throws Exception {
        Run run = check(Family.OPENAI_REASONING, FakeOpenAiServer.MODEL);
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.line("log-probs").contains("refused"), run.out());
        assertTrue(run.line("verdict").contains("usable by sampling"), run.out());
        assertTrue(run.line("settings").contains("MCQA_TEACHER_REASONING_EFFORT=minimal"), run.out());
    }

    @Test
    void aModelTheServerDoesNotServeIsNotUsable() throws Exception {
        Run run = check(Family.VLLM_THINKING, "gpt-4o-mini");
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.line("model").contains("not served") && run.line("model").contains(FakeOpenAiServer.MODEL), run.out());
        assertTrue(run.line("verdict").contains("not usable"), run.out());
    }

    @Test
    void anEndpointThatIsDownIsNotUsable() throws Exception {
        Run run = checkTeacher("http://127.0.0.1:9/v1", "any");
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.line("verdict").contains("not usable: the endpoint did not answer"), run.out());
    }
}
