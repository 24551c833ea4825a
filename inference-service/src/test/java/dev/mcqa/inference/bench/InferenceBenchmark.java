package dev.mcqa.inference.bench;

import ai.onnxruntime.OrtException;
import dev.mcqa.contract.Json;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.encoding.OrtModel;
import dev.mcqa.inference.core.OrtSettings;
import dev.mcqa.inference.web.Artifacts;
import dev.mcqa.store.ModelStore;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Latency and throughput of inference-service for all-MiniLM-L6-v2 with 4 choices, against the raw
 * ONNX Runtime time of the same question (the floor). Two packaged services run as processes on
 * loopback, one with and one without dynamic batching; this process loads them and measures the floor
 * with the services' session options. The machine is shared and its speed drifts by a third from one
 * minute to the next, so the measurements take short turns in rounds and each ratio is taken within a
 * round. Run by bin/bench-inference. Arguments: [rounds, default 20] [JVM options for both services,
 * e.g. -Dmcqa.inference.intra-op-threads=1].
 */
public final class InferenceBenchmark {
    private static final String QUESTION = "Which gas do plants take in from the air for photosynthesis during the day?";
    private static final List<String> CHOICES = List.of("Oxygen", "Carbon dioxide", "Nitrogen", "Helium");
    private static final int CONCURRENCY = 16;
    private static final int C1_TURN = 25;
    private static final int C16_TURN = 160;

    public static void main(String[] args) throws Exception {
        Path artifact = Path.of(".run/bench-inference/minilm");
        if (args.length > 0 && args[0].equals("--export")) {
            Artifacts.miniLm(artifact);
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<String> serviceOptions = List.of(args).subList(Math.min(1, args.length), args.length);
        // Exported in a child process: PyTorch stays out of the JVM that measures the floor.
        if (new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), InferenceBenchmark.class.getName(), "--export")
                .inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("the export of all-MiniLM-L6-v2 failed");
        }
        String body = Json.encode(Map.of("question", QUESTION, "choices", CHOICES));
        Service plain = start(artifact, false, serviceOptions);
        Service batched = start(artifact, true, serviceOptions);
        try (RawFloor floor = new RawFloor(artifact, ModelStore.MODEL, serviceOptions);
             RawFloor int8Floor = new RawFloor(artifact, Artifacts.INT8_MODEL, serviceOptions);
             HttpLoad plainLoad = new HttpLoad(awaitReady(plain), "/v1/answers", body);
             HttpLoad batchedLoad = new HttpLoad(awaitReady(batched), "/v1/answers", body)) {
            floor.latencies(200);
            int8Floor.latencies(200);
            floor.perQuestion(16, 20);
            for (HttpLoad load : List.of(plainLoad, batchedLoad)) {
                load.run(1, 200);
                load.run(CONCURRENCY, 320);
            }
            // Turns of a few hundred milliseconds each, so that each ratio compares like with like.
            Map<String, List<Double>> perRound = new LinkedHashMap<>();
            Map<String, List<Double>> pooled = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                List<Double> raw = floor.latencies(C1_TURN);
                List<Double> rawInt8 = int8Floor.latencies(C1_TURN);
                List<Double> plainOne = plainLoad.run(1, C1_TURN).latencies();
                List<Double> batchedOne = batchedLoad.run(1, C1_TURN).latencies();
                double perQuestion = floor.perQuestion(16, 8);
                double rawConcurrent = floor.concurrentPerSecond(CONCURRENCY, C16_TURN / CONCURRENCY);
                HttpLoad.Result plainMany = plainLoad.run(CONCURRENCY, C16_TURN);
                HttpLoad.Result batchedMany = batchedLoad.run(CONCURRENCY, C16_TURN);
                double rawP50 = percentile(raw, 50);
                add(perRound, "raw ORT int8 p50 / raw ORT fp32 p50 (int8 export of the same model)", percentile(rawInt8, 50) / rawP50);
                add(perRound, "c1 p50 / raw ORT p50, no batching", percentile(plainOne, 50) / rawP50);
                add(perRound, "c1 p50 / raw ORT p50, batching", percentile(batchedOne, 50) / rawP50);
                add(perRound, "c16 throughput, batching / no batching", batchedMany.perSecond() / plainMany.perSecond());
                add(perRound, "batching ceiling: raw batch-of-1 time / per-question time in a batch of 16", rawP50 / perQuestion);
                double rawLimit = Math.max(rawConcurrent, 1000 / perQuestion);
                add(perRound, "raw in-process limit, 16 threads calling ORT at once: questions/s", rawConcurrent);
                add(perRound, "raw in-process limit, batches of 16: questions/s", 1000 / perQuestion);
                add(perRound, "c16 throughput / better raw limit, no batching", plainMany.perSecond() / rawLimit);
                add(perRound, "c16 throughput / better raw limit, batching", batchedMany.perSecond() / rawLimit);
                add(perRound, "c16 requests/s, no batching", plainMany.perSecond());
                add(perRound, "c16 requests/s, batching", batchedMany.perSecond());
                pooled.computeIfAbsent("raw ORT (encode + run, this process)", k -> new ArrayList<>()).addAll(raw);
                pooled.computeIfAbsent("raw ORT int8 (encode + run, this process)", k -> new ArrayList<>()).addAll(rawInt8);
                pooled.computeIfAbsent("service c1, no batching", k -> new ArrayList<>()).addAll(plainOne);
                pooled.computeIfAbsent("service c1, batching", k -> new ArrayList<>()).addAll(batchedOne);
                pooled.computeIfAbsent("service c16, no batching", k -> new ArrayList<>()).addAll(plainMany.latencies());
                pooled.computeIfAbsent("service c16, batching", k -> new ArrayList<>()).addAll(batchedMany.latencies());
            }
            System.out.printf("%nall-MiniLM-L6-v2, 1 question x 4 choices, %d rounds; each round: %d requests at concurrency 1 to the raw floors (fp32, int8) "
                    + "and to each service, %d at concurrency 16 to each service%n", rounds, C1_TURN, C16_TURN);
            System.out.println("latency over all rounds (ms):");
            pooled.forEach((name, values) -> System.out.printf("  %-40s p50 %7.2f  p99 %7.2f%n", name, percentile(values, 50), percentile(values, 99)));
            System.out.println("per round (median, min, max):");
            perRound.forEach((name, values) -> System.out.printf("  %-80s %7.2f  %7.2f  %7.2f%n",
                    name, percentile(values, 50), Collections.min(values), Collections.max(values)));
        } finally {
            for (Service service : List.of(plain, batched)) {
                service.process().destroy();
                service.process().waitFor();
            }
        }
    }

    /** Encode + run in this process, with the services' session options: the time no service can beat. */
    private static final class RawFloor implements AutoCloseable {
        private final OrtModel ort;
        private final McqaEncoder encoder;

        RawFloor(Path artifact, String model, List<String> serviceOptions) throws Exception {
            // The services' session options, read from the same -D settings (defaults as in InferenceConfig).
            OrtSettings settings = new OrtSettings(Integer.parseInt(setting(serviceOptions, "intra-op-threads", "0")),
                    OrtSettings.Spinning.valueOf(setting(serviceOptions, "spinning", "within-runs").toUpperCase(Locale.ROOT).replace('-', '_')), "cpu");
            ort = OrtModel.open(artifact.resolve(model).toString(), settings.sessionOptions());
            encoder = McqaEncoder.forArtifact(artifact, ort.tokenTypes());
        }

        List<Double> latencies(int count) throws OrtException {
            List<McqaInput> one = List.of(new McqaInput(QUESTION, CHOICES));
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                ort.logits(encoder.encode(one));
                times.add((System.nanoTime() - start) / 1e6);
            }
            return times;
        }

        /** Requests per second when {@code threads} callers each run {@code each} single questions at once: the concurrent limit. */
        double concurrentPerSecond(int threads, int each) throws Exception {
            List<McqaInput> one = List.of(new McqaInput(QUESTION, CHOICES));
            List<Thread> callers = new ArrayList<>();
            AtomicReference<Exception> failure = new AtomicReference<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                Thread caller = new Thread(() -> {
                    try {
                        for (int i = 0; i < each; i++) {
                            ort.logits(encoder.encode(one));
                        }
                    } catch (Exception e) {
                        failure.set(e);
                    }
                });
                caller.start();
                callers.add(caller);
            }
            for (Thread caller : callers) {
                caller.join();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            return threads * each / ((System.nanoTime() - start) / 1e9);
        }

        double perQuestion(int size, int runs) throws OrtException {
            List<McqaInput> questions = Collections.nCopies(size, new McqaInput(QUESTION, CHOICES));
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                ort.logits(encoder.encode(questions));
                times.add((System.nanoTime() - start) / 1e6 / size);
            }
            return percentile(times, 50);
        }

        @Override
        public void close() throws OrtException {
            encoder.close();
            ort.close();
        }
    }

    private static String setting(List<String> serviceOptions, String key, String otherwise) {
        String prefix = "-Dmcqa.inference." + key + "=";
        return serviceOptions.stream().filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length()))
                .reduce((first, last) -> last).orElse(otherwise);
    }

    private static void add(Map<String, List<Double>> figures, String name, double value) {
        figures.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    private record Service(Process process, int port) {
    }

    private static Service start(Path artifact, boolean batching, List<String> serviceOptions) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(java(),
                "-Dquarkus.http.port=" + port, "-Dmcqa.inference.model-dir=" + artifact.toAbsolutePath(),
                "-Dmcqa.inference.batching=" + batching, "-Dkafka.bootstrap.servers=localhost:1"));
        command.addAll(serviceOptions);
        command.addAll(List.of("-jar", "inference-service/target/quarkus-app/quarkus-run.jar"));
        Process service = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(".run/bench-inference/service-batching-" + batching + ".log")).start();
        return new Service(service, port);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int awaitReady(Service service) throws Exception {
        int port = service.port();
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 600 && service.process().isAlive(); i++) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return port;
                }
            } catch (java.io.IOException starting) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service on port " + port + " did not become ready: see .run/bench-inference/");
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
