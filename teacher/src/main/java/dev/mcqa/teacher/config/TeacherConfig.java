package dev.mcqa.teacher.config;

import dev.mcqa.teacher.OpenAiTeacher;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The teacher ({@code mcqa.teacher.*}), the same for generator and scorer. With {@code base-url} set
 * it is that OpenAI-compatible endpoint (OpenAI, vLLM, llama.cpp server, Ollama's /v1); without, the
 * SIMULATED teacher. The API key comes from the environment only: MCQA_TEACHER_API_KEY.
 */
@ConfigMapping(prefix = "mcqa.teacher")
public interface TeacherConfig {
    /** e.g. http://localhost:11434/v1 (Ollama), https://api.openai.com/v1. */
    Optional<String> baseUrl();

    @WithDefault("gpt-4o-mini")
    String model();

    /** Set MCQA_TEACHER_API_KEY in the environment; never in a properties file. */
    Optional<String> apiKey();

    /** Timeout of one call. */
    @WithDefault("60s")
    Duration timeout();

    /** Calls in flight at once, per service instance. */
    @WithDefault("16")
    int maxInFlight();

    @WithDefault("500ms")
    Duration initialBackoff();

    @WithDefault("10s")
    Duration maxBackoff();

    /** How long a call is retried (429, 5xx, timeouts) before it counts as failed. */
    @WithDefault("10m")
    Duration giveUpAfter();

    /** Failures in a row that open the circuit breaker. */
    @WithDefault("5")
    int breakerThreshold();

    @WithDefault("5s")
    Duration breakerOpenFor();

    /**
     * How scoring calls ask the teacher to answer without reasoning first: {@code none} (send
     * nothing), {@code reasoning-effort} (OpenAI's reasoning models, Ollama's /v1) or
     * {@code chat-template-kwargs} (vLLM, llama-server with Qwen3-style templates).
     */
    @WithDefault("none")
    OpenAiTeacher.ReasoningOff reasoningOff();

    /** The reasoning_effort value with reasoning-off=reasoning-effort: "minimal" (gpt-5), "none" (gpt-5.1 and later, Ollama). */
    @WithDefault("minimal")
    String reasoningEffort();

    /**
     * Completion tokens a reasoning model may spend on its reasoning, on top of each call's own
     * budget (generation, sampled answers; not log-prob calls): 0 for models that answer directly;
     * for a thinking model a few thousand (an answer cut inside the reasoning is dead-lettered as truncated).
     */
    @WithDefault("0")
    int reasoningTokens();

    Simulated simulated();

    /** The simulated teacher: not an LLM; every message it produces says "simulated". */
    interface Simulated {
        /** Top-1 accuracy of its scores. */
        @WithDefault("0.7")
        double accuracy();

        /** Probability of its top choice. */
        @WithDefault("0.6")
        double confidence();

        /** The MMLU test-public directory whose bank half it draws items from. */
        @WithDefault("data/mmlu/test-public")
        String bank();
    }
}
