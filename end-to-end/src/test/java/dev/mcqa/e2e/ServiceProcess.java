package dev.mcqa.e2e;

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

/**
 * One packaged service (its quarkus-run.jar) as its own process, on a port of its own kept across
 * restarts, its output appended to a log. Kill it as a crash would (SIGKILL) or stop it as an
 * orchestrator would (SIGTERM), then start it again with the same settings.
 */
public final class ServiceProcess {
    public static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String service;
    private final String name;
    private final int port;
    private final List<String> options;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;
    private final List<Integer> exitCodes = new ArrayList<>();

    /**
     * @param service     the module, e.g. generator-service
     * @param name        this instance's name (also its log's), e.g. generator-1
     * @param options     JVM options (-D settings)
     * @param environment added to the inherited environment
     */
    public ServiceProcess(String service, String name, List<String> options, Map<String, String> environment, Path logs) throws IOException {
        this.service = service;
        this.name = name;
        this.options = List.copyOf(options);
        this.environment = Map.copyOf(environment);
        this.log = logs.resolve(name + ".log");
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        Files.createDirectories(logs);
    }

    public synchronized ServiceProcess start() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-Dai.djl.offline=true", "-Xmx1g",
                "-XX:ErrorFile=" + log.getParent().resolve("hs_err_" + name + "_%p.log"))); // a JVM crash leaves its file beside the log
        command.addAll(options);
        command.addAll(List.of("-jar", REPO.resolve(service + "/target/quarkus-app/quarkus-run.jar").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        return this;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or committed. */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly();
        exitCodes.add(process.waitFor());
    }

    /** SIGTERM, then waits for the exit. */
    public synchronized int stop() throws InterruptedException {
        process.destroy();
        int code = process.waitFor();
        exitCodes.add(code);
        return code;
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public Path log() {
        return log;
    }

    /** The exit codes of the runs that ended, oldest first. */
    public synchronized List<Integer> exitCodes() {
        return List.copyOf(exitCodes);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The last lines of its log, for a failure message. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Something to wait for; an IOException means "not listening yet". */
    public interface Check {
        boolean holds() throws Exception;
    }

    /** Waits until {@code check} holds, failing at once if one of {@code watched} has exited. */
    public static void await(String what, Check check, Duration timeout, List<ServiceProcess> watched) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (ServiceProcess service : watched) {
                if (!service.alive()) {
                    throw new AssertionError(service.name() + " exited while waiting for " + what + ":\n" + service.tail(40));
                }
            }
            try {
                if (check.holds()) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // a service still starting
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
