package dev.mcqa.teacher;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.openai.LogProb;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The teacher behind any OpenAI-compatible chat completions endpoint (OpenAI, vLLM, the llama.cpp
 * server, Ollama's /v1) through langchain4j's OpenAiChatModel; within Quarkus the model is served by
 * quarkus-langchain4j. Retries are {@link ResilientTeacher}'s, so the model itself never retries.
 */
public final class OpenAiTeacher implements ChatTeacher {

    /**
     * How a server is asked to answer without reasoning first (for answer-only requests):
     * {@code reasoning_effort} (OpenAI's reasoning models: "minimal" or "none"; Ollama's /v1: "none"),
     * or {@code chat_template_kwargs: {"enable_thinking": false}} (vLLM, llama-server, SGLang with
     * Qwen3-style templates). NONE sends neither, for servers that refuse unknown fields.
     */
    public enum ReasoningOff { NONE, REASONING_EFFORT, CHAT_TEMPLATE_KWARGS }

    /**
     * @param apiKey          from the environment; endpoints without authentication accept any value
     * @param reasoningOff    how answer-only requests turn reasoning off
     * @param reasoningEffort the value sent as {@code reasoning_effort} with {@link ReasoningOff#REASONING_EFFORT}
     * @param reasoningTokens completion tokens allowed on top of a request's own for the model's
     *                        reasoning (reasoning models count it against the same limit), on every
     *                        call but a log-prob call, of which only the first token is read
     */
    public record Settings(String baseUrl, String model, String apiKey, Duration timeout, ReasoningOff reasoningOff,
                           String reasoningEffort, int reasoningTokens) {
        public Settings {
            if (reasoningTokens < 0) {
                throw new IllegalArgumentException("reasoning-tokens must not be negative");
            }
        }

        public Settings(String baseUrl, String model, String apiKey, Duration timeout) {
            this(baseUrl, model, apiKey, timeout, ReasoningOff.NONE, "minimal", 0);
        }
    }

    private static final Logger LOG = Logger.getLogger(OpenAiTeacher.class.getName());
    private static final Pattern THINK_BLOCK = Pattern.compile("(?s)<think>.*?</think>");
    private final String model;
    private final Settings settings;
    private final OpenAiChatModel chat;
    private final Duration timeout;
    /** The model takes max_completion_tokens, not max_tokens (learnt from its first refusal). */
    private volatile boolean maxCompletionTokens;
    /** The model accepts only its default temperature (learnt from its first refusal). */
    private volatile boolean defaultTemperature;
    /** Runs each call so that it can be abandoned at the deadline (the Quarkus HTTP client does not take the builder's timeout). */
    private final ExecutorService calls = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "teacher-call");
        thread.setDaemon(true);
        return thread;
    });

    public OpenAiTeacher(Settings settings) {
        this.model = settings.model();
        this.settings = settings;
        this.timeout = settings.timeout();
        this.chat = OpenAiChatModel.builder()
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey() == null || settings.apiKey().isBlank() ? "none" : settings.apiKey())
                .modelName(settings.model())
                .timeout(settings.timeout())
                .maxRetries(0)
                .build();
    }

    @Override
    public String model() {
        return model;
    }

    /**
     * One completion. OpenAI's reasoning models (o-series, gpt-5 family) refuse {@code max_tokens}
     * (they take {@code max_completion_tokens}) and any temperature but their default: the first
     * such refusal switches this teacher to the accepted form for the rest of the process (logged
     * once) and the call is made again.
     */
    @Override
    public Reply chat(Request request) {
        while (true) {
            try {
                return call(request);
            } catch (TeacherException e) {
                if (!adaptTo(e)) {
                    throw e;
                }
            }
        }
    }

    /** Takes a refusal of a request parameter into account; false when it is no such refusal, or already taken. */
    private boolean adaptTo(TeacherException refusal) {
        String message = String.valueOf(refusal.getMessage());
        if (refusal.kind() != TeacherException.Kind.REJECTED) {
            return false;
        }
        if (message.contains("max_completion_tokens") && !maxCompletionTokens) {
            maxCompletionTokens = true;
            LOG.warning(() -> "teacher " + model + " refuses max_tokens: using max_completion_tokens from now on");
            return true;
        }
        if (message.contains("'temperature'") && !defaultTemperature) {
            defaultTemperature = true;
            LOG.warning(() -> "teacher " + model + " accepts only its default temperature: sending none from now on");
            return true;
        }
        return false;
    }

    private Reply call(Request request) {
        OpenAiChatRequestParameters.Builder parameters = OpenAiChatRequestParameters.builder();
        int maxTokens = request.maxTokens() + (request.topLogprobs() > 0 ? 0 : settings.reasoningTokens());
        if (maxCompletionTokens) {
            parameters.maxCompletionTokens(maxTokens);
        } else {
            parameters.maxOutputTokens(maxTokens);
        }
        if (!defaultTemperature) {
            parameters.temperature(request.temperature());
        }
        if (request.topLogprobs() > 0) {
            parameters.logprobs(true).topLogprobs(request.topLogprobs());
        }
        if (request.answerOnly()) {
            switch (settings.reasoningOff()) {
                case REASONING_EFFORT -> parameters.reasoningEffort(settings.reasoningEffort());
                case CHAT_TEMPLATE_KWARGS -> parameters.customParameters(Map.of("chat_template_kwargs", Map.of("enable_thinking", false)));
                case NONE -> { }
            }
        }
        ChatRequest chatRequest = ChatRequest.builder()
                .messages(SystemMessage.from(request.system()), UserMessage.from(request.user()))
                .parameters(parameters.build())
                .build();
        Future<ChatResponse> call = calls.submit(() -> chat.chat(chatRequest));
        ChatResponse response;
        try {
            response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            call.cancel(true);
            throw new TeacherException(TeacherException.Kind.TIMEOUT, "no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new TeacherException(TeacherException.Kind.UNAVAILABLE, "interrupted", e);
        } catch (ExecutionException e) {
            throw translate(e.getCause() instanceof RuntimeException runtime ? runtime : new RuntimeException(e.getCause()));
        }
        List<TokenLogprob> firstToken = new ArrayList<>();
        if (response.metadata() instanceof OpenAiChatResponseMetadata metadata && metadata.logProbs() != null
                && !metadata.logProbs().isEmpty() && metadata.logProbs().get(0).topLogprobs() != null) {
            for (LogProb alternative : metadata.logProbs().get(0).topLogprobs()) {
                firstToken.add(new TokenLogprob(spelling(alternative.token(), alternative.bytes()), alternative.logprob()));
            }
        }
        String text = response.aiMessage() == null || response.aiMessage().text() == null ? "" : response.aiMessage().text();
        if (response.finishReason() == FinishReason.CONTENT_FILTER) {
            throw new TeacherException(TeacherException.Kind.REFUSED, "finish_reason content_filter: the answer was withheld by the server's content filter", null);
        }
        return new Reply(withoutReasoning(text), firstToken, response.finishReason() == FinishReason.LENGTH);
    }

    /** A token as text: its UTF-8 {@code bytes} where the server sends them (the exact spelling), else its {@code token} field. */
    static String spelling(String token, List<Integer> bytes) {
        if (bytes == null || bytes.isEmpty()) {
            return token == null ? "" : token;
        }
        byte[] raw = new byte[bytes.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = bytes.get(i).byteValue();
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    /**
     * The content without inline reasoning: every {@code <think>...</think>} block removed; a closing
     * tag without an opening one (DeepSeek-R1 starts reasoning without the tag) drops all before it;
     * an unclosed {@code <think>} (the token budget ran out inside the reasoning) drops all after it.
     */
    static String withoutReasoning(String text) {
        String out = THINK_BLOCK.matcher(text).replaceAll("");
        int close = out.lastIndexOf("</think>");
        if (close >= 0) {
            out = out.substring(close + "</think>".length());
        }
        int open = out.indexOf("<think>");
        return (open >= 0 ? out.substring(0, open) : out).strip();
    }

    /**
     * Sorts a client failure into the kinds worth retrying or not, by status code where there is one;
     * a wait the server asked for ({@link RetryAfter}) goes with a retryable one.
     */
    static TeacherException translate(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ContentFilteredException) {
                // langchain4j raises it for a message's "refusal" field (OpenAI): the model declined; asking again will not help.
                return new TeacherException(TeacherException.Kind.REFUSED, "refusal: " + cause.getMessage(), failure);
            }
            if (cause.getMessage() != null && cause.getMessage().contains("insufficient_quota")) {
                // OpenAI answers 429 when the account has no quota left: not a rate limit, and waiting will not help.
                return new TeacherException(TeacherException.Kind.REJECTED, "insufficient_quota: " + cause.getMessage(), failure);
            }
            if (cause instanceof RateLimitException) {
                return new TeacherException(TeacherException.Kind.RATE_LIMITED, cause.getMessage(), failure, retryAfter(failure));
            }
            if (cause instanceof InternalServerException) {
                return new TeacherException(TeacherException.Kind.UNAVAILABLE, cause.getMessage(), failure, retryAfter(failure));
            }
            if (cause instanceof HttpException http) {
                return byStatus(http.statusCode(), failure);
            }
            if (cause instanceof jakarta.ws.rs.WebApplicationException web && web.getResponse() != null) {
                return byStatus(web.getResponse().getStatus(), failure);
            }
            if (cause instanceof dev.langchain4j.exception.TimeoutException || cause instanceof HttpTimeoutException
                    || cause instanceof java.util.concurrent.TimeoutException || cause instanceof java.net.SocketTimeoutException
                    || cause.getClass().getSimpleName().toLowerCase(Locale.ROOT).contains("timeout")) {
                return new TeacherException(TeacherException.Kind.TIMEOUT, String.valueOf(cause.getMessage()), failure);
            }
            if (cause instanceof IOException) {
                return new TeacherException(TeacherException.Kind.UNAVAILABLE, String.valueOf(cause.getMessage()), failure);
            }
        }
        return new TeacherException(TeacherException.Kind.UNAVAILABLE, String.valueOf(failure.getMessage()), failure);
    }

    private static TeacherException byStatus(int status, RuntimeException failure) {
        TeacherException.Kind kind = status == 429 ? TeacherException.Kind.RATE_LIMITED
                : status >= 500 || status == 408 ? TeacherException.Kind.UNAVAILABLE : TeacherException.Kind.REJECTED;
        return new TeacherException(kind, "HTTP " + status + ": " + failure.getMessage(), failure,
                kind == TeacherException.Kind.REJECTED ? null : retryAfter(failure));
    }

    /** The wait asked for in the message of the failure or any of its causes (the body may sit in a wrapped HttpException). */
    private static Duration retryAfter(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            java.util.Optional<Duration> wait = RetryAfter.in(cause.getMessage(), java.time.Instant.now());
            if (wait.isPresent()) {
                return wait.get();
            }
        }
        return null;
    }
}
