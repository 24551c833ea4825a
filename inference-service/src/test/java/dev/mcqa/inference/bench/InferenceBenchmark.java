package dev.mcqa.inference.bench;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Latency and throughput of inference-service for all-MiniLM-L6-v2 with 4 choices, in fp32 and in its
 * int8 form, against the raw ONNX Runtime time of the same question (the floor) and the raw in-process
 * limits at concurrency 16. Six packaged services run as processes on loopback, for each precision
 * one per batching setting (auto, the default, and on and off, to compare it with); this process
 * measures the floors with the services' session options. The machine is shared and its speed drifts
 * by a third from one minute to the next, so the measurements take short turns in rounds and each
 * ratio is taken within a round. Run by bin/bench-inference. Arguments: [rounds, default 12] [JVM
 * options for all services, e.g. -Dmcqa.inference.intra-op-threads=1].
 */
public final class InferenceBenchmark {
    private static final String QUESTION = "Which gas do plants take in from the air for photosynthesis during the day?";
    private static final List<String> CHOICES = List.of("Oxygen", "Carbon dioxide", "Nitrogen", "Helium");
    private static final List<String> PRECISIONS = List.of("fp32", "int8");
    private static final List<String> BATCHING = List.of("auto", "on", "off");
    /** Requests per turn at each concurrency: a few hundred milliseconds, so that a ratio compares like with like. */
    private static final Map<Integer, Integer> TURNS = new TreeMap<>(Map.of(1, 25, 4, 60, 16, 160, 64, 320));
    private static final int LIMIT_CONCURRENCY = 16;

    public static void main(String[] args) throws Exception {
        Path artifact = Path.of(".run/bench-inference/minilm");
        if (args.length > 0 && args[0].equals("--export")) {
            Artifacts.miniLm(artifact);
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        List<String> serviceOptions = List.of(args).subList(Math.min(1, args.length), args.length);
        // Exported in a child process: PyTorch stays out of the JVM that measures the floor.
        if (new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"), InferenceBenchmark.class.getName(), "--export")
                .inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("the export of all-MiniLM-L6-v2 failed");
        }
        String body = Json.encode(Map.of("question", QUESTION, "choices", CHOICES));
        Map<String, RawFloor> floors = new LinkedHashMap<>();
        Map<String, HttpLoad> loads = new LinkedHashMap<>();
        Map<String, String> autoChoice = new LinkedHashMap<>(); // by precision: the setting auto runs as, on or off
        List<Process> services = new ArrayList<>();
        try {
            for (String precision : PRECISIONS) {
                floors.put(precision, new RawFloor(artifact, precision.equals("int8") ? ModelStore.MODEL_INT8 : ModelStore.MODEL, serviceOptions));
                for (String batching : BATCHING) {
                    // One at a time: auto measures its model while it starts, which the others' start would disturb.
                    Service service = start(artifact, precision, batching, serviceOptions);
                    services.add(service.process());
                    int port = awaitReady(service);
                    loads.put(precision + " " + batching, new HttpLoad(port, "/v1/answers", body));
                    if (batching.equals("auto")) {
                        JsonNode choice = model(port).get("batching");
                        System.out.printf("%s service, batching auto: GET /v1/model says %s%n", precision, choice);
                        autoChoice.put(precision, choice.get("batch").asBoolean() ? "on" : "off");
                    }
                }
            }
            for (String precision : PRECISIONS) {
                floors.get(precision).latencies(200);
                floors.get(precision).perQuestion(LIMIT_CONCURRENCY, 20);
                for (String batching : BATCHING) {
                    for (int concurrency : TURNS.keySet()) {
                        loads.get(precision + " " + batching).run(concurrency, 2 * TURNS.get(concurrency));
                    }
                }
            }
            Map<String, List<Double>> perRound = new LinkedHashMap<>();
            Map<String, List<Double>> pooled = new LinkedHashMap<>();
            Map<String, List<Double>> p50s = new LinkedHashMap<>(); // per round, by precision, concurrency and batching
            for (int round = 1; round <= rounds; round++) {
                List<String> order = new ArrayList<>(BATCHING);
                Collections.rotate(order, round); // no setting always runs first, on a machine that drifts
                Map<String, Double> floorP50 = new LinkedHashMap<>();
                for (String precision : PRECISIONS) {
                    RawFloor floor = floors.get(precision);
                    List<Double> raw = floor.latencies(TURNS.get(1));
                    floorP50.put(precision, percentile(raw, 50));
                    pooled.computeIfAbsent(precision + " raw ORT (encode + run, this process)", k -> new ArrayList<>()).addAll(raw);
                    double batchedLimit = 1000 / floor.perQuestion(LIMIT_CONCURRENCY, 8);
                    double concurrentLimit = floor.concurrentPerSecond(LIMIT_CONCURRENCY, TURNS.get(16) / LIMIT_CONCURRENCY);
                    add(perRound, precision + " raw limit, 16 threads calling ORT at once: questions/s", concurrentLimit);
                    add(perRound, precision + " raw limit, batches of 16: questions/s", batchedLimit);
                    for (int concurrency : TURNS.keySet()) {
                        Map<String, HttpLoad.Result> results = new LinkedHashMap<>();
                        for (String batching : order) {
                            results.put(batching, loads.get(precision + " " + batching).run(concurrency, TURNS.get(concurrency)));
                        }
                        results.forEach((batching, result) -> {
                            pooled.computeIfAbsent(precision + " c" + concurrency + " batching " + batching, k -> new ArrayList<>()).addAll(result.latencies());
                            add(perRound, precision + " c" + concurrency + " requests/s, batching " + batching, result.perSecond());
                        });
                        results.forEach((batching, result) -> add(p50s, precision + " c" + concurrency + " " + batching, percentile(result.latencies(), 50)));
                        if (concurrency == 1) {
                            add(perRound, precision + " c1 p50 / raw floor p50, default", percentile(results.get("auto").latencies(), 50) / floorP50.get(precision));
                        }
                        if (concurrency == LIMIT_CONCURRENCY) {
                            double limit = Math.max(concurrentLimit, batchedLimit);
                            for (String batching : BATCHING) {
                                add(perRound, precision + " c16 throughput / better raw limit, batching " + batching, results.get(batching).perSecond() / limit);
                            }
                        }
                    }
                }
                add(perRound, "int8 raw floor p50 / fp32 raw floor p50", floorP50.get("int8") / floorP50.get("fp32"));
            }
            for (String precision : PRECISIONS) {
                for (int concurrency : TURNS.keySet()) {
                    String turn = precision + " c" + concurrency;
                    compareWithBetter(perRound, turn + " throughput, default / better of on, off",
                            perRound.get(turn + " requests/s, batching auto"), perRound.get(turn + " requests/s, batching on"),
                            perRound.get(turn + " requests/s, batching off"), true);
                    compareWithBetter(perRound, turn + " p50, default / better of on, off",
                            p50s.get(turn + " auto"), p50s.get(turn + " on"), p50s.get(turn + " off"), false);
                    String chosen = autoChoice.get(precision);
                    ratios(perRound, turn + " throughput, default / " + chosen + ", the same code: the run's noise",
                            perRound.get(turn + " requests/s, batching auto"), perRound.get(turn + " requests/s, batching " + chosen));
                }
            }
            System.out.printf("%nall-MiniLM-L6-v2, 1 question x 4 choices, %d rounds; each round, for fp32 and for int8: %d requests at concurrency 1 "
                    + "to the raw floor, the raw limits at concurrency 16, and a turn at each concurrency to each service (requests %s)%n",
                    rounds, TURNS.get(1), TURNS);
            System.out.println("latency over all rounds (ms):");
            pooled.forEach((name, values) -> System.out.printf("  %-50s p50 %7.2f  p99 %7.2f%n", name, percentile(values, 50), percentile(values, 99)));
            System.out.println("per round (median, min, max):");
            perRound.forEach((name, values) -> System.out.printf("  %-72s %7.2f  %7.2f  %7.2f%n",
                    name, percentile(values, 50), Collections.min(values), Collections.max(values)));
        } finally {
            for (HttpLoad load : loads.values()) {
                load.close();
            }
            for (RawFloor floor : floors.values()) {
                floor.close();
            }
            for (Process service : services) {
                service.destroy();
                service.waitFor();
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

    /**
     * Per round, the default's figure over that of the better of on and off, the setting with the better
     * median over all rounds. Not the better of the two in each round: the larger of two noisy turns is
     * biased upwards, and would rate the default below settings that run the same code as it does.
     */
    private static void compareWithBetter(Map<String, List<Double>> figures, String name, List<Double> auto, List<Double> on,
                                          List<Double> off, boolean higherIsBetter) {
        boolean onIsBetter = higherIsBetter == percentile(on, 50) >= percentile(off, 50);
        ratios(figures, name + " (" + (onIsBetter ? "on" : "off") + ")", auto, onIsBetter ? on : off);
    }

    /** Round by round, one setting's figure over another's. */
    private static void ratios(Map<String, List<Double>> figures, String name, List<Double> numerators, List<Double> denominators) {
        for (int round = 0; round < numerators.size(); round++) {
            add(figures, name, numerators.get(round) / denominators.get(round));
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

    private static Service start(Path artifact, String precision, String batching, List<String> serviceOptions) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(java(),
                "-Dquarkus.http.port=" + port, "-Dmcqa.inference.model-dir=" + artifact.toAbsolutePath(),
                "-Dmcqa.inference.precision=" + precision, "-Dmcqa.inference.batching=" + batching, "-Dkafka.bootstrap.servers=localhost:1"));
        command.addAll(serviceOptions);
        command.addAll(List.of("-jar", "inference-service/target/quarkus-app/quarkus-run.jar"));
        Process service = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File(".run/bench-inference/service-" + precision + "-batching-" + batching + ".log")).start();
        return new Service(service, port);
    }

    private static JsonNode model(int port) throws Exception {
        return Json.parse(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/model")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
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
