package dev.mcqa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A FAKE OpenAI-compatible chat completions server for tests: real HTTP on 127.0.0.1, no model
 * behind it. Every answer says it is fake (model {@value #MODEL}, system fingerprint, "[fake LLM]"
 * in generated text, the log). It reads the {@code OUTPUT: <format>} line of the project's prompts:
 * <ul>
 *   <li>{@code json-item}: a well-formed item {question, choices, answer};</li>
 *   <li>{@code question}, {@code answer}, {@code distractors}: the decomposed steps;</li>
 *   <li>in both, the right choice says "[correct]": a rule a student can learn from the items, so
 *       that a trained model is measurably better than a control;</li>
 *   <li>{@code letter}: with log-probs asked, the top log-probs of the first token over the choice
 *       letters, favouring the choice that contains "[correct]" and, on demand, letter A.</li>
 * </ul>
 * On demand it answers with given raw contents (malformed, truncated, hostile), HTTP errors, delays,
 * or without log-probs.
 */
public final class FakeOpenAiServer implements AutoCloseable {
    public static final String MODEL = "fake-llm";
    private static final Logger LOG = Logger.getLogger(FakeOpenAiServer.class.getName());
    private static final Pattern OUTPUT = Pattern.compile("OUTPUT: ([a-z-]+)");
    private static final Pattern CHOICE_LINE = Pattern.compile("(?m)^([A-Z])\\. (.*)$");
    private static final Pattern TASK = Pattern.compile("TASK: ([a-z0-9_.-]+)");
    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failedRequests = new AtomicLong();
    private final Queue<String> scriptedContents = new ConcurrentLinkedQueue<>();
    private volatile int failStatus;
    private volatile long failUntilNanos;
    private final AtomicInteger failCount = new AtomicInteger();
    private volatile long delayMillis;
    private volatile double letterABias;
    private volatile boolean logprobs = true;
    private volatile JsonNode lastRequest;
    /** Which server and model family the answers are shaped as (see {@link Family}). */
    private volatile Family family = Family.OPENAI;
    /** A recorded response to answer every chat request with (status and body), or null. */
    private volatile Replay replay;

    private record Replay(int status, byte[] body, java.util.Map<String, String> headers) {
    }

    private FakeOpenAiServer(HttpServer server) {
        this.server = server;
    }

    public static FakeOpenAiServer start() throws IOException {
        return start(0);
    }

    /** On the given loopback port (0: any free one). */
    public static FakeOpenAiServer start(int port) throws IOException {
        // Headers and body go out in separate writes; without TCP_NODELAY each answer waits ~40 ms
        // for the client's delayed ACK (Nagle), which would make the fake the bottleneck of a benchmark.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        FakeOpenAiServer fake = new FakeOpenAiServer(server);
        server.createContext("/v1/chat/completions", fake::handle);
        server.createContext("/v1/models", fake::models);
        server.createContext("/fake/stats", fake::stats);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        LOG.info("FAKE OpenAI-compatible server (test double, no LLM) on " + fake.baseUrl());
        return fake;
    }

    /** The base URL to configure, ending in /v1. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The next answers to generation prompts carry these contents verbatim, one each, before normal answers resume. */
    public void scriptContents(String... contents) {
        scriptedContents.addAll(List.of(contents));
    }

    /**
     * Answers every chat request with this status and body until {@link #reset}: a response body
     * shaped as a real server's (see the recorded shapes in the tests' resources), not the fake's own.
     */
    public void replay(int status, String body) {
        replay(status, body, java.util.Map.of());
    }

    /** As {@link #replay(int, String)}, with these response headers (e.g. {@code Retry-After}). */
    public void replay(int status, String body, java.util.Map<String, String> headers) {
        replay = new Replay(status, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.copyOf(headers));
    }

    /**
     * As {@link #replay(int, String)} with a recorded shape of this library's resources
     * ({@code teacher-responses/}, sources in its SOURCES.md).
     */
    public void replayRecorded(int status, String name) {
        replayRecorded(status, name, java.util.Map.of());
    }

    /** As {@link #replayRecorded(int, String)}, with these response headers. */
    public void replayRecorded(int status, String name, java.util.Map<String, String> headers) {
        replay(status, new String(recorded(name), java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    /** A recorded body of {@code teacher-responses/}. */
    static byte[] recorded(String name) {
        try (java.io.InputStream in = FakeOpenAiServer.class.getResourceAsStream("/teacher-responses/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded response " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The server and model family the fake answers as, until {@link #reset}. A thinking model spends
     * {@value #THINKING_TOKENS} completion tokens on reasoning before its answer, counted against
     * {@code max_tokens} / {@code max_completion_tokens}: a smaller budget ends inside the reasoning
     * ({@code finish_reason: "length"}). Field names per family are those of the recorded shapes in
     * {@code teacher-responses/} (sources in its SOURCES.md).
     */
    public enum Family {
        /** OpenAI's chat completions with a model that answers at once: log-probs with {@code bytes}. */
        OPENAI,
        /**
         * OpenAI's reasoning models (o-series, gpt-5 family): 400 to {@code max_tokens}, 400 to a
         * temperature other than 1, 403 to {@code logprobs}, each with the recorded error body; the
         * reasoning is hidden, and {@code reasoning_effort} "minimal" or "none" spends almost none.
         */
        OPENAI_REASONING,
        /**
         * vLLM serving a Qwen3-style thinking model without a reasoning parser: the reasoning inline
         * in {@code content} as {@code <think>...</think>}, the first token {@code <think>}; off with
         * {@code chat_template_kwargs: {"enable_thinking": false}}. Unknown models: vLLM's 404 body.
         */
        VLLM_THINKING,
        /**
         * llama-server with a thinking model and its default reasoning format: the reasoning in
         * {@code reasoning_content}, the first token still {@code <think>}; off as for vLLM.
         */
        LLAMA_SERVER_THINKING,
        /**
         * Ollama's /v1 with a thinking model: no log-probs (the request field is ignored), the
         * reasoning in {@code reasoning}, off with {@code reasoning_effort: "none"}. Unknown models:
         * Ollama's 404 body.
         */
        OLLAMA_THINKING
    }

    /** Completion tokens a thinking model of the fake spends on reasoning before it answers. */
    public static final int THINKING_TOKENS = 600;

    public void family(Family family) {
        this.family = family;
    }

    /** The next {@code count} requests fail with {@code status}. */
    public void failNext(int status, int count) {
        failStatus = status;
        failCount.set(count);
    }

    /** Every request fails with {@code status} for the given time from now. */
    public void failFor(int status, Duration duration) {
        failStatus = status;
        failUntilNanos = System.nanoTime() + duration.toNanos();
    }

    public void delay(Duration delay) {
        delayMillis = delay.toMillis();
    }

    /** Extra logit for letter A when scoring: a position-biased teacher. */
    public void favourLetterA(double bias) {
        letterABias = bias;
    }

    /** Whether scoring answers carry log-probs (false imitates an endpoint without them). */
    public void logprobs(boolean enabled) {
        logprobs = enabled;
    }

    /** The body of the last chat request received, as sent. */
    public JsonNode lastRequest() {
        return lastRequest;
    }

    public long requests() {
        return requests.get();
    }

    public long failedRequests() {
        return failedRequests.get();
    }

    /** Requests being answered right now. */
    public int inFlight() {
        return inFlight.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public void reset() {
        scriptedContents.clear();
        failCount.set(0);
        failUntilNanos = 0;
        delayMillis = 0;
        letterABias = 0;
        logprobs = true;
        replay = null;
        family = Family.OPENAI;
        maxInFlight.set(0);
    }

    /**
     * Runs the fake on its own, for benchmarks: {@code FakeOpenAiServer <port> <delay ms>}. It answers
     * until killed; GET /fake/stats gives its counters.
     */
    public static void main(String[] args) throws IOException {
        FakeOpenAiServer fake = start(Integer.parseInt(args[0]));
        fake.delay(Duration.ofMillis(Long.parseLong(args[1])));
        System.out.println("FAKE OpenAI-compatible server (test double, no LLM) on " + fake.baseUrl() + ", answering after " + args[1] + " ms");
    }

    private Replay refusalOfReasoningModel(JsonNode request) {
        String refusal = request.has("max_tokens") ? "openai-unsupported-max-tokens-400.json"
                : request.has("temperature") && request.get("temperature").asDouble() != 1.0 ? "openai-unsupported-temperature-400.json"
                : request.path("logprobs").asBoolean(false) ? "openai-logprobs-not-allowed-403.json" : null;
        return refusal == null ? null : new Replay(refusal.contains("-403") ? 403 : 400, recorded(refusal), java.util.Map.of());
    }

    /** vLLM's and Ollama's 404 for a model they do not serve; null where the fake serves any name. */
    private Replay unknownModel(JsonNode request) {
        String model = request.path("model").asText();
        if (model.equals(MODEL) || (family != Family.VLLM_THINKING && family != Family.OLLAMA_THINKING)) {
            return null;
        }
        ObjectNode body = json.createObjectNode();
        if (family == Family.VLLM_THINKING) {
            body.put("object", "error").put("message", "The model `" + model + "` does not exist.").put("type", "NotFoundError")
                    .putNull("param").put("code", 404);
        } else {
            ObjectNode error = body.putObject("error");
            error.put("message", "model \"" + model + "\" not found, try pulling it first").put("type", "not_found_error")
                    .putNull("param").putNull("code");
        }
        try {
            return new Replay(404, json.writeValueAsBytes(body), java.util.Map.of());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The model list as OpenAI and vLLM answer it ({@code object} "list", {@code data[].id}): the fake serves {@value #MODEL}. */
    private void models(HttpExchange exchange) throws IOException {
        try {
            ObjectNode model = json.createObjectNode().put("id", MODEL).put("object", "model").put("created", 0).put("owned_by", "fake");
            ObjectNode list = json.createObjectNode().put("object", "list");
            list.set("data", json.createArrayNode().add(model));
            respond(exchange, 200, list);
        } finally {
            exchange.close();
        }
    }

    private void stats(HttpExchange exchange) throws IOException {
        try {
            respond(exchange, 200, json.createObjectNode().put("requests", requests.get()).put("failed", failedRequests.get())
                    .put("maxInFlight", maxInFlight.get()));
        } finally {
            exchange.close();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        requests.incrementAndGet();
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            JsonNode request = json.readTree(exchange.getRequestBody());
            lastRequest = request;
            Replay recorded = family == Family.OPENAI_REASONING ? refusalOfReasoningModel(request)
                    : replay != null ? replay : unknownModel(request);
            if (recorded != null) {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                recorded.headers().forEach(exchange.getResponseHeaders()::add);
                exchange.sendResponseHeaders(recorded.status(), recorded.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(recorded.body());
                }
                return;
            }
            if (failCount.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || System.nanoTime() < failUntilNanos) {
                failedRequests.incrementAndGet();
                respond(exchange, failStatus, json.createObjectNode().set("error", json.createObjectNode()
                        .put("message", "[fake LLM] injected HTTP " + failStatus).put("type", "fake_error")));
                return;
            }
            respond(exchange, 200, completion(request));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    private ObjectNode completion(JsonNode request) {
        StringBuilder prompt = new StringBuilder();
        request.path("messages").forEach(m -> prompt.append(m.path("content").asText()).append('\n'));
        Matcher output = OUTPUT.matcher(prompt);
        String format = output.find() ? output.group(1) : "text";
        int n = counter.incrementAndGet();
        Matcher taskMatch = TASK.matcher(prompt);
        String task = taskMatch.find() ? taskMatch.group(1) : "unknown";
        String content;
        List<String[]> letters = List.of();
        if (format.equals("letter")) {
            letters = letterLogprobs(prompt.toString());
            content = letters.isEmpty() ? "A" : letters.get(0)[0].strip();
        } else {
            String scripted = scriptedContents.poll();
            content = scripted != null ? scripted : switch (format) {
                case "json-item" -> jsonItem(n, task);
                case "question" -> "[fake LLM] Decomposed question " + n + " about " + task + "?";
                case "answer" -> "[fake] [correct] answer " + n;
                case "distractors" -> "[\"[fake] wrong " + n + "-1\", \"[fake] wrong " + n + "-2\", \"[fake] wrong " + n + "-3\"]";
                default -> "[fake LLM] " + n;
            };
        }
        int thinking = thinkingTokens(request);
        int budget = request.has("max_completion_tokens") ? request.get("max_completion_tokens").asInt()
                : request.has("max_tokens") ? request.get("max_tokens").asInt() : Integer.MAX_VALUE;
        int answerTokens = Math.max(1, content.length() / 4);
        boolean cut = thinking + answerTokens > budget;
        String answer = !cut ? content : thinking >= budget ? "" : content.substring(0, Math.min(content.length(), 4 * (budget - thinking)));
        String reasoning = thinking == 0 ? null : "[fake LLM] Let me think about this step by step." + (cut && answer.isEmpty() ? "" : " Done.");
        ObjectNode message = json.createObjectNode().put("role", "assistant");
        switch (family) {
            case VLLM_THINKING -> message.put("content", reasoning == null ? answer
                    : "<think>\n" + reasoning + (cut && answer.isEmpty() ? "" : "\n</think>\n\n" + answer));
            case LLAMA_SERVER_THINKING -> message.put("content", answer).put("reasoning_content", reasoning);
            case OLLAMA_THINKING -> {
                message.put("content", answer);
                if (reasoning != null) {
                    message.put("reasoning", reasoning);
                }
            }
            default -> message.put("content", answer);
        }
        ObjectNode choice = json.createObjectNode().put("index", 0).put("finish_reason", cut ? "length" : "stop");
        choice.set("message", message);
        if (format.equals("letter") && logprobs && family != Family.OLLAMA_THINKING && request.path("logprobs").asBoolean(false)) {
            choice.set("logprobs", firstTokenLogprobs(thinking > 0 && family != Family.OPENAI_REASONING ? thinkingFirstToken(letters) : letters,
                    request.path("top_logprobs").asInt(20)));
        }
        ObjectNode body = json.createObjectNode().put("id", "fake-" + n).put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", MODEL)
                .put("system_fingerprint", "fake-openai-test-double");
        body.set("choices", json.createArrayNode().add(choice));
        int completionTokens = Math.min(budget, thinking + answerTokens);
        body.set("usage", json.createObjectNode().put("prompt_tokens", prompt.length() / 4).put("completion_tokens", completionTokens)
                .put("total_tokens", prompt.length() / 4 + completionTokens));
        return body;
    }

    /** The reasoning tokens the family's model spends on this request before answering (0: it answers at once). */
    private int thinkingTokens(JsonNode request) {
        return switch (family) {
            case OPENAI -> 0;
            case OPENAI_REASONING -> List.of("minimal", "none").contains(request.path("reasoning_effort").asText()) ? 0 : THINKING_TOKENS;
            case VLLM_THINKING, LLAMA_SERVER_THINKING ->
                    request.path("chat_template_kwargs").path("enable_thinking").asBoolean(true) ? THINKING_TOKENS : 0;
            case OLLAMA_THINKING -> request.path("reasoning_effort").asText().equals("none") ? 0 : THINKING_TOKENS;
        };
    }

    /** A thinking model's first token: "<think>", then "Okay"; the letters' mass scaled down to about 1e-7. */
    private static List<String[]> thinkingFirstToken(List<String[]> letters) {
        List<String[]> tokens = new ArrayList<>();
        tokens.add(new String[] {"<think>", Double.toString(Math.log(0.999))});
        tokens.add(new String[] {"Okay", Double.toString(Math.log(9e-4))});
        letters.forEach(l -> tokens.add(new String[] {l[0], Double.toString(Double.parseDouble(l[1]) + Math.log(1e-7))}));
        return tokens;
    }

    /** The {@code logprobs} object of a one-token answer: its top alternatives, each with its UTF-8 {@code bytes} as OpenAI and vLLM send them. */
    private ObjectNode firstTokenLogprobs(List<String[]> alternatives, int limit) {
        ArrayNode top = json.createArrayNode();
        alternatives.stream().limit(limit).forEach(l -> {
            ObjectNode entry = top.addObject().put("token", l[0]).put("logprob", Double.parseDouble(l[1]));
            ArrayNode bytes = entry.putArray("bytes");
            for (byte b : l[0].getBytes(StandardCharsets.UTF_8)) {
                bytes.add(b & 0xff);
            }
        });
        ObjectNode token = json.createObjectNode().put("token", alternatives.isEmpty() ? "A" : alternatives.get(0)[0])
                .put("logprob", top.isEmpty() ? 0 : top.get(0).path("logprob").asDouble());
        token.set("top_logprobs", top);
        return json.createObjectNode().set("content", json.createArrayNode().add(token));
    }

    private static String jsonItem(int n, String task) {
        int answer = n % 4;
        List<String> choices = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            choices.add("\"[fake] option " + n + "-" + (char) ('a' + c) + (c == answer ? " [correct]" : "") + "\"");
        }
        return "{\"question\": \"[fake LLM] Question " + n + " about " + task + "?\", \"choices\": [" + String.join(", ", choices)
                + "], \"answer\": " + answer + "}";
    }

    /**
     * Log-probs of the first answer token over the prompt's choice letters: logit 2 for a choice that
     * contains "[correct]", plus the letter-A bias; each letter's mass is split over two spellings,
     * "X" (80%) and " X" (20%), as tokenizers produce both. Sorted, most likely first.
     */
    private List<String[]> letterLogprobs(String prompt) {
        Matcher lines = CHOICE_LINE.matcher(prompt);
        List<double[]> logits = new ArrayList<>();
        List<String> letters = new ArrayList<>();
        while (lines.find()) {
            letters.add(lines.group(1));
            logits.add(new double[] {(lines.group(2).contains("[correct]") ? 2 : 0) + (lines.group(1).equals("A") ? letterABias : 0)});
        }
        double sum = logits.stream().mapToDouble(l -> Math.exp(l[0])).sum();
        List<String[]> tokens = new ArrayList<>();
        for (int i = 0; i < letters.size(); i++) {
            double p = Math.exp(logits.get(i)[0]) / sum;
            tokens.add(new String[] {letters.get(i), Double.toString(Math.log(0.8 * p))});
            tokens.add(new String[] {" " + letters.get(i), Double.toString(Math.log(0.2 * p))});
        }
        tokens.sort((a, b) -> Double.compare(Double.parseDouble(b[1]), Double.parseDouble(a[1])));
        return tokens;
    }

    private void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        LOG.info("FAKE OpenAI-compatible server stopped");
    }
}
