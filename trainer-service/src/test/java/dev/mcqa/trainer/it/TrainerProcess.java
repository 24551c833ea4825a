package dev.mcqa.trainer.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.Json;
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
import java.util.function.Predicate;

/** The packaged trainer-service as a process of its own, on a free port, logging to a file under target/. */
final class TrainerProcess {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Process process;
    private final int port;
    private final Path log;

    private TrainerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** @param options more JVM options, e.g. -D settings */
    static TrainerProcess start(String bootstrap, Path log, List<String> options) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dkafka.bootstrap.servers=" + bootstrap, "-Dquarkus.http.port=" + port, "-Dai.djl.offline=true",
                "-Dmcqa.training.trigger-after=0", "-Dmcqa.training.evaluation-dir=../data/mmlu/test-public", "-Xmx1g", "-XX:ErrorFile=" + log + ".hs_err_%p"));
        command.addAll(options);
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new TrainerProcess(process, port, log);
    }

    Process process() {
        return process;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Polls a GET until its JSON answer passes {@code done}; fails if the process exits first or after two minutes. */
    JsonNode await(String path, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            if (!process.isAlive()) {
                List<String> lines = Files.readAllLines(log);
                throw new AssertionError("the trainer exited: " + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    JsonNode answer = Json.parse(response.body());
                    if (done.test(answer)) {
                        return answer;
                    }
                }
            } catch (IOException notUpYet) {
                // the service is still starting
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("GET " + path + " did not reach the expected state in time");
            }
            Thread.sleep(300);
        }
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
