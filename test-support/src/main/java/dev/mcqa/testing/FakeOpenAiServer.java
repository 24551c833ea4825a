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
    /** Refuse parameters as OpenAI's reasoning models do (see {@link #actAsOpenAiReasoningModel}). */
    private volatile boolean openAiReasoningModel;
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
     * Answers as OpenAI's reasoning models (o-series, gpt-5 family) do until {@link #reset}: 400 to
     * {@code max_tokens}, 400 to a temperature other than 1, 403 to {@code logprobs}, each with the
     * recorded error body; a request without those is answered as usual.
     */
    public void actAsOpenAiReasoningModel() {
        openAiReasoningModel = true;
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
        openAiReasoningModel = false;
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
            Replay recorded = openAiReasoningModel ? refusalOfReasoningModel(request) : replay;
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
        ObjectNode choice = json.createObjectNode().put("index", 0).put("finish_reason", "stop");
        String content;
        if (format.equals("letter")) {
            List<String[]> letters = letterLogprobs(prompt.toString());
            content = letters.isEmpty() ? "A" : letters.get(0)[0].strip();
            if (logprobs && request.path("logprobs").asBoolean(false)) {
                ArrayNode top = json.createArrayNode();
                int limit = request.path("top_logprobs").asInt(20);
                letters.stream().limit(limit).forEach(l -> top.add(json.createObjectNode().put("token", l[0]).put("logprob", Double.parseDouble(l[1]))));
                ObjectNode token = json.createObjectNode().put("token", content).put("logprob", top.isEmpty() ? 0 : top.get(0).path("logprob").asDouble());
                token.set("top_logprobs", top);
                choice.set("logprobs", json.createObjectNode().set("content", json.createArrayNode().add(token)));
            }
        } else {
            String scripted = scriptedContents.poll();
            content = scripted != null ? scripted : switch (format) {
                case "json-item" -> "{\"question\": \"[fake LLM] Question " + n + " about " + task + "?\", \"choices\": "
                        + "[\"[fake] option " + n + "-a\", \"[fake] option " + n + "-b\", \"[fake] option " + n + "-c\", \"[fake] option " + n + "-d\"], \"answer\": " + (n % 4) + "}";
                case "question" -> "[fake LLM] Decomposed question " + n + " about " + task + "?";
                case "answer" -> "[fake] correct answer " + n;
                case "distractors" -> "[\"[fake] wrong " + n + "-1\", \"[fake] wrong " + n + "-2\", \"[fake] wrong " + n + "-3\"]";
                default -> "[fake LLM] " + n;
            };
        }
        choice.set("message", json.createObjectNode().put("role", "assistant").put("content", content));
        ObjectNode body = json.createObjectNode().put("id", "fake-" + n).put("object", "chat.completion")
                .put("created", System.currentTimeMillis() / 1000).put("model", MODEL)
                .put("system_fingerprint", "fake-openai-test-double");
        body.set("choices", json.createArrayNode().add(choice));
        body.set("usage", json.createObjectNode().put("prompt_tokens", prompt.length() / 4).put("completion_tokens", 1).put("total_tokens", prompt.length() / 4 + 1));
        return body;
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
