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

        /** The exit code and, for each topic, text its last line holds. */
        void shows(int exit, String... topicAndText) {
            assertEquals(exit, this.exit, out);
            for (int i = 0; i < topicAndText.length; i += 2) {
                assertTrue(line(topicAndText[i]).contains(topicAndText[i + 1]), topicAndText[i] + " should hold '" + topicAndText[i + 1] + "':\n" + out);
            }
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
        run.shows(0, "verdict", "usable: scores from log-probs", "log-probs", "no reasoning control: letter mass 1.000",
                "generation", "json parses", "generation", "decomposed parses", "settings", "none needed", "latency", "median");
    }

    @Test
    void vllmWithAThinkingModelNeedsTheTemplateSwitchAndAReasoningBudget() throws Exception {
        Run run = check(Family.VLLM_THINKING, FakeOpenAiServer.MODEL);
        run.shows(0, "settings", "MCQA_TEACHER_REASONING_OFF=chat-template-kwargs", "settings", "MCQA_TEACHER_REASONING_TOKENS=4096");
        assertTrue(run.out().contains("no reasoning control: letter mass 0.000 (most likely answer token '<think>'"), run.out());
        assertTrue(run.out().contains("reasoning-tokens 0: json truncated"), "512 tokens end inside the reasoning: " + run.out());
    }

    @Test
    void llamaServerWithAThinkingModelNeedsTheTemplateSwitchToo() throws Exception {
        Run run = check(Family.LLAMA_SERVER_THINKING, FakeOpenAiServer.MODEL);
        run.shows(0, "verdict", "usable: scores from log-probs", "settings", "MCQA_TEACHER_REASONING_OFF=chat-template-kwargs");
    }

    @Test
    void ollamaGivesNoLogprobsAndIsScoredBySamplingWithReasoningOff() throws Exception {
        Run run = check(Family.OLLAMA_THINKING, FakeOpenAiServer.MODEL);
        run.shows(0, "log-probs", "not returned", "verdict", "usable by sampling",
                "settings", "MCQA_TEACHER_REASONING_OFF=reasoning-effort MCQA_TEACHER_REASONING_EFFORT=none");
    }

    @Test
    void anOpenAiReasoningModelRefusesLogprobsAndSamplesWithMinimalEffort() throws Exception {
        Run run = check(Family.OPENAI_REASONING, FakeOpenAiServer.MODEL);
        run.shows(0, "log-probs", "refused", "verdict", "usable by sampling", "settings", "MCQA_TEACHER_REASONING_EFFORT=minimal");
    }

    @Test
    void aModelTheServerDoesNotServeIsNotUsable() throws Exception {
        Run run = check(Family.VLLM_THINKING, "gpt-4o-mini");
        run.shows(1, "model", "not served", "model", FakeOpenAiServer.MODEL, "verdict", "not usable");
    }

    @Test
    void anEndpointThatIsDownIsNotUsable() throws Exception {
        Run run = checkTeacher("http://127.0.0.1:9/v1", "any");
        run.shows(1, "verdict", "not usable: the endpoint did not answer");
    }
}
