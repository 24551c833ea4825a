package dev.mcqa.inference.bench;

import ai.djl.Device;
import ai.onnxruntime.OrtSession;
import dev.mcqa.contract.Json;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.encoding.OrtModel;
import dev.mcqa.student.Backbones;
import dev.mcqa.student.Student;
import dev.mcqa.student.onnx.OnnxExport;
import java.io.File;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Latency and throughput of inference-service for all-MiniLM-L6-v2 with 4 choices, against the raw
 * ONNX Runtime time of the same batch (the floor). Starts the packaged service as a process on
 * loopback, with and without dynamic batching, and loads it from this process. Run by bin/bench-inference.
 * Arguments: [requests per measurement, default 400] [JVM options for the service, e.g.
 * -Dmcqa.inference.max-wait=2ms].
 */
public final class InferenceBenchmark {
    private static final String QUESTION = "Which gas do plants take in from the air for photosynthesis during the day?";
    private static final List<String> CHOICES = List.of("Oxygen", "Carbon dioxide", "Nitrogen", "Helium");

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--raw")) {
            rawFloor(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        Path artifact = Path.of(".run/bench-inference/minilm");
        export(artifact);
        // The floor runs in its own JVM, as the service does: this one has PyTorch loaded for the export.
        Process raw = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), InferenceBenchmark.class.getName(),
                "--raw", artifact.toString(), String.valueOf(requests)).inheritIO().start();
        if (raw.waitFor() != 0) {
            throw new IllegalStateException("the raw ONNX Runtime measurement failed");
        }
        List<String> serviceOptions = List.of(args).subList(Math.min(1, args.length), args.length);
        for (boolean batching : new boolean[] {false, true}) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(java(),
                    "-Dquarkus.http.port=" + port, "-Dmcqa.inference.model-dir=" + artifact.toAbsolutePath(),
                    "-Dmcqa.inference.batching=" + batching, "-Dkafka.bootstrap.servers=localhost:1"));
            command.addAll(serviceOptions);
            command.addAll(List.of("-jar", "inference-service/target/quarkus-app/quarkus-run.jar"));
            Process service = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(new File(".run/bench-inference/service-" + batching + ".log")).start();
            try {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                awaitReady(client, port);
                load(client, port, 1, 100);
                List<Double> single = load(client, port, 1, requests);
                load(client, port, 16, 200);
                long start = System.nanoTime();
                List<Double> sixteen = load(client, port, 16, requests * 4);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("service, batching %-5s: concurrency 1 p50 %.2f ms p99 %.2f ms; concurrency 16 p50 %.2f ms p99 %.2f ms, %.1f requests/s%n",
                        batching, percentile(single, 50), percentile(single, 99), percentile(sixteen, 50), percentile(sixteen, 99),
                        requests * 4 / seconds);
            } finally {
                service.destroy();
                service.waitFor();
            }
        }
    }

    /** Encode + run in process, with the service's session options: the time no service can beat. */
    private static void rawFloor(Path artifact, int requests) throws Exception {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        try (OrtModel ort = OrtModel.open(artifact.resolve("model.onnx").toString(), options);
             McqaEncoder encoder = McqaEncoder.open(artifact.resolve("tokenizer.json"), 128, true, 0)) {
            List<McqaInput> one = List.of(new McqaInput(QUESTION, CHOICES));
            for (int i = 0; i < 50; i++) {
                ort.logits(encoder.encode(one));
            }
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                ort.logits(encoder.encode(one));
                times.add((System.nanoTime() - start) / 1e6);
            }
            System.out.printf("raw ONNX Runtime (encode + run, 1 question x 4 choices, own process): p50 %.2f ms, p99 %.2f ms%n",
                    percentile(times, 50), percentile(times, 99));
            // Batching can only gain what a bigger run saves per question: the ceiling of its speed-up.
            for (int size : new int[] {4, 16}) {
                List<McqaInput> questions = Collections.nCopies(size, new McqaInput(QUESTION, CHOICES));
                List<Double> perQuestion = new ArrayList<>();
                for (int i = 0; i < Math.max(20, requests / size); i++) {
                    long start = System.nanoTime();
                    ort.logits(encoder.encode(questions));
                    perQuestion.add((System.nanoTime() - start) / 1e6 / size);
                }
                System.out.printf("raw ONNX Runtime, batch of %d questions: p50 %.2f ms per question (%.2fx the batch-of-1 rate)%n",
                        size, percentile(perQuestion, 50), percentile(times, 50) / percentile(perQuestion, 50));
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void export(Path artifact) throws Exception {
        Files.createDirectories(artifact);
        try (Student student = Backbones.load(Backbones.MINILM, Device.cpu()); InputStream tokenizer = Backbones.tokenizer(Backbones.MINILM)) {
            byte[] onnx = OnnxExport.toBytes(student.model());
            Files.write(artifact.resolve("model.onnx"), onnx);
            Files.write(artifact.resolve("tokenizer.json"), tokenizer.readAllBytes());
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(onnx));
            Files.writeString(artifact.resolve("model-card.json"), Json.encode(Map.of("version", "bench-minilm", "maxLength", 128,
                    "tokenTypes", true, "architecture", student.config().toJson(), "sha256", sha)));
        }
    }

    private static List<Double> load(HttpClient client, int port, int concurrency, int count) throws Exception {
        String body = Json.encode(Map.of("question", QUESTION, "choices", CHOICES));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/answers"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<Double>> timings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            timings.add(pool.submit(() -> {
                long start = System.nanoTime();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                }
                return (System.nanoTime() - start) / 1e6;
            }));
        }
        List<Double> out = new ArrayList<>();
        for (Future<Double> timing : timings) {
            out.add(timing.get());
        }
        pool.shutdown();
        return out;
    }

    private static void awaitReady(HttpClient client, int port) throws Exception {
        for (int i = 0; i < 600; i++) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException starting) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service did not become ready");
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
