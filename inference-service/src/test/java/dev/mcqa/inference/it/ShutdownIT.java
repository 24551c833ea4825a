package dev.mcqa.inference.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.inference.web.Artifacts;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as a real process, stopped with SIGTERM as Kubernetes stops a pod: while it
 * opens a model, and while it answers. A JVM that exits while ONNX Runtime works in another thread
 * may crash in native code (seen: SIGSEGV, exit 134, an hs_err file, when the exit came while ONNX
 * Runtime opened a model); the service must instead let that work finish and exit as a stopped JVM
 * does (143). all-MiniLM-L6-v2 is used because opening it takes about a second: SIGTERM comes as the
 * load starts, so the load is under way when the service stops.
 */
class ShutdownIT {
    private static final Path ARTIFACT = Path.of("target/shutdown-it/minilm");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int STOPPED_BY_SIGTERM = 143;

    @BeforeAll
    static void export() throws Exception {
        Artifacts.miniLm(ARTIFACT);
    }

    @Test
    void stoppedWhileOpeningAModelItExitsCleanly() throws Exception {
        for (int attempt = 1; attempt <= 3; attempt++) {
            Path log = Path.of("target/shutdown-it/loading-" + attempt + ".log");
            Process service = start(log, freePort(), "on");
            awaitLine(service, log, "loading minilm");
            service.destroy();
            assertStoppedCleanly(service, log);
            String output = Files.readString(log);
            // Served, or given up because the process stops (a library refuses new shutdown hooks): either way finished.
            int loadEnded = Math.max(output.indexOf("serving minilm"), output.indexOf("stopped while loading minilm"));
            assertTrue(loadEnded >= 0 && loadEnded < output.indexOf("inference-service stopped"),
                    "the load under way when SIGTERM came ended before the process exited: " + output);
        }
    }

    @Test
    void stoppedWhileAnsweringItExitsCleanlyAndEveryRequestEnds() throws Exception {
        for (String batching : List.of("on", "off")) {
            Path log = Path.of("target/shutdown-it/answering-batching-" + batching + ".log");
            int port = freePort();
            Process service = start(log, port, batching);
            awaitLine(service, log, "serving minilm from the configured directory");
            HttpRequest question = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/answers"))
                    .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"Which planet is the largest?\",\"choices\":[\"Mars\",\"Jupiter\",\"Venus\",\"Earth\"]}"))
                    .build();
            AtomicBoolean stopped = new AtomicBoolean();
            Map<String, Integer> outcomes = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> loops = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                loops.add(clients.submit(() -> {
                    while (!stopped.get()) {
                        try {
                            HttpResponse<String> answer = HTTP.send(question, HttpResponse.BodyHandlers.ofString());
                            outcomes.merge("HTTP " + answer.statusCode(), 1, Integer::sum);
                        } catch (IOException refusedOrClosed) {
                            outcomes.merge("connection ended", 1, Integer::sum);
                        }
                    }
                    return null;
                }));
            }
            Thread.sleep(1500);
            service.destroy();
            assertStoppedCleanly(service, log);
            stopped.set(true);
            for (Future<?> loop : loops) {
                loop.get(); // a request that hung would time out (HttpTimeoutException) and fail here
            }
            clients.shutdown();
            assertTrue(outcomes.getOrDefault("HTTP 200", 0) > 0, "answers before the stop: " + outcomes);
            assertTrue(outcomes.keySet().stream().allMatch(o -> o.equals("HTTP 200") || o.equals("HTTP 503") || o.equals("connection ended")),
                    "every request answered, refused as stopping, or cut: " + outcomes);
        }
    }

    private static Process start(Path log, int port, String batching) throws Exception {
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-XX:ErrorFile=" + log.resolveSibling(log.getFileName() + ".hs_err_%p"),
                "-Dmcqa.inference.model-dir=" + ARTIFACT.toAbsolutePath(), "-Dkafka.bootstrap.servers=localhost:1",
                "-Dquarkus.http.port=" + port, "-Dmcqa.inference.batching=" + batching, "-jar", "target/quarkus-app/quarkus-run.jar").redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitLine(Process service, Path log, String text) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!Files.readString(log).contains(text)) {
            assertTrue(service.isAlive(), "the service exited before logging '" + text + "': " + Files.readString(log));
            assertTrue(Instant.now().isBefore(deadline), "no '" + text + "' in a minute: " + Files.readString(log));
            Thread.sleep(5);
        }
    }

    private static void assertStoppedCleanly(Process service, Path log) throws Exception {
        assertTrue(service.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the service did not stop within a minute");
        File[] crashes = log.getParent().toFile().listFiles((dir, name) -> name.startsWith(log.getFileName() + ".hs_err"));
        assertFalse(crashes != null && crashes.length > 0, "the JVM crashed on the way out: " + log + ".hs_err_*");
        assertEquals(STOPPED_BY_SIGTERM, service.exitValue(), "exit code; log: " + Files.readString(log));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
