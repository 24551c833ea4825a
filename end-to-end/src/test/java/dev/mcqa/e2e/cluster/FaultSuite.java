package dev.mcqa.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.MmluSplit;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.Seed;
import dev.mcqa.contract.Topics;
import dev.mcqa.e2e.ServiceProcess;
import dev.mcqa.encoding.Fixtures;
import dev.mcqa.testing.FakeOpenAiServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The pipeline at the shape users run, under faults: a three-node KRaft cluster (bin/kafka), two
 * generator, two scorer, one trainer and two inference instances (packaged jars, each its own
 * process, static group membership by instance name), the fake OpenAI-compatible teacher. Seeds are
 * posted while items are generated and scored to a fixed number per task; meanwhile an instance of
 * each service is killed (SIGKILL) while it has work in flight and started again, a broker is
 * stopped, the teacher is slowed (and, in the full plan, made unavailable, and the active
 * controller stopped), and poison records are written into every consumed topic. Inference takes
 * continuous requests across a release and a kill. Then the topics themselves are checked.
 *
 * <p>{@code bin/fault-suite} runs the full plan; {@code ClusterIT} the reduced one on every build.
 */
public final class FaultSuite {
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(15);
    /** Kafka's default session.timeout.ms, which the services keep. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(45);
    private static final List<String> POISONED = List.of(Topics.SEEDS, Topics.GENERATED,
            Topics.SCORED, Topics.MODELS);

    /** How much the suite does. */
    public record Plan(int seeds, int tasks, int itemsPerTask, Duration brokerStop, boolean stopController, Duration teacherOutage,
                       Duration slowCall, boolean loseAGenerator, Duration inferenceTraffic, boolean timesChecked) {

        /** For the test command: a few minutes; recovery times are shown, not checked (the test command times nothing). */
        public static Plan reduced() {
            return new Plan(200, 20, 5, Duration.ofSeconds(30), false, Duration.ZERO, Duration.ofSeconds(3), false, Duration.ofSeconds(20), false);
        }

        /** bin/fault-suite. */
        public static Plan full() {
            return new Plan(1000, 20, 10, Duration.ofSeconds(30), true, Duration.ofMinutes(3), Duration.ofSeconds(10), true, Duration.ofSeconds(60), true);
        }
    }

    /** A line of the suite's table: a check (passed or not) or a figure (always passes). */
    public record Row(String what, String observed, boolean passed) {
    }

    /** Every row, and the time the suite took. */
    public record Result(List<Row> rows, Duration took) {
        public boolean passed() {
            return rows.stream().allMatch(Row::passed);
        }

        public String table() {
            int width = rows.stream().mapToInt(r -> r.what().length()).max().orElse(10);
            StringBuilder out = new StringBuilder();
            rows.forEach(r -> out.append(String.format("%-4s  %-" + width + "s  %s%n", r.passed() ? "ok" : "FAIL", r.what(), r.observed())));
            out.append(String.format("%s in %d s%n", passed() ? "passed" : "FAILED", took.toSeconds()));
            return out.toString();
        }
    }

    private final Plan plan;
    private final Path dir;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private LocalCluster cluster;
    private FakeOpenAiServer teacher;
    private TopicReader topics;
    private final Map<String, Integer> expectedExits = new HashMap<>();

    public FaultSuite(Plan plan, Path dir) {
        this.plan = plan;
        this.dir = dir.toAbsolutePath();
    }

    public Result run() throws Exception {
        long started = System.nanoTime();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        try {
            startEverything();
            // The tasks come in three groups, so that each fault meets fresh work: the seeds of a group
            // start its tasks' generation, and each item is scored as soon as it is published.
            List<List<Seed>> groups = seedGroups(3);
            List<Seed> seeds = groups.stream().flatMap(List::stream).toList();
            postSeeds(groups.get(0));
            killGeneratorWithARunInProgress();
            postSeeds(groups.get(1));
            killScorerWithCallsInFlight();
            if (plan.loseAGenerator()) {
                loseAGenerator(groups.get(0).size() + groups.get(1).size());
            }
            postSeeds(groups.get(2));
            teacher.delay(plan.slowCall()); // slow calls keep the last group's work in flight across the broker faults
            stopBrokers();
            teacherOutage();
            teacher.delay(Duration.ZERO);
            writePoison();
            awaitAllScored(seeds.size());
            trainWithATrainerKill();
            inferenceUnderTraffic();
            checkTopics(seeds.size());
            checkProcesses();
        } catch (Exception | AssertionError e) {
            rows.add(new Row("the suite ran to its end", e.toString(), false));
        } finally {
            stopEverything();
        }
        return new Result(List.copyOf(rows), Duration.ofNanos(System.nanoTime() - started));
    }

    // ---- start and stop ----

    private void startEverything() throws Exception {
        cluster = new LocalCluster(3, freePortRange(6), dir.resolve("kafka")).start();
        topics = new TopicReader(cluster.bootstrap());
        teacher = FakeOpenAiServer.start();
        teacher.delay(Duration.ofMillis(500)); // so that runs and scoring calls are in flight when an instance is killed
        List<String> llm = List.of("-Dmcqa.teacher.base-url=" + teacher.baseUrl(), "-Dmcqa.teacher.model=" + FakeOpenAiServer.MODEL);
        List<String> generator = new ArrayList<>(llm);
        generator.addAll(List.of("-Dmcqa.generation.items-per-task=" + plan.itemsPerTask(), "-Dmcqa.generation.quiet-period=1s"));
        add("generator-service", "generator-1", generator);
        add("generator-service", "generator-2", generator);
        add("scorer-service", "scorer-1", llm);
        add("scorer-service", "scorer-2", llm);
        Path store = dir.resolve("models");
        add("trainer-service", "trainer-1", List.of("-Dmcqa.training.backbone=" + Fixtures.dir("bert-tiny").toAbsolutePath(),
                "-Dmcqa.training.max-length=64", "-Dmcqa.training.epochs=1", "-Dmcqa.training.learning-rate=1e-3",
                "-Dmcqa.training.evaluation-per-task=5", "-Dmcqa.training.teacher-sample=20", "-Dmcqa.store.uri=" + store));
        add("inference-service", "inference-1", List.of("-Dmcqa.store.uri=" + store));
        add("inference-service", "inference-2", List.of("-Dmcqa.store.uri=" + store));
        for (ServiceProcess service : services.values()) {
            // inference is ready only once it serves a model: until then, alive is what it can be
            String health = service.name().startsWith("inference") ? "/q/health/live" : "/q/health/ready";
            await(service.name() + " up", () -> service.get(health).statusCode() == 200, Duration.ofMinutes(3));
        }
        rows.add(new Row("cluster: nodes, services", cluster.nodes() + " KRaft nodes; " + String.join(", ", services.keySet()), true));
    }

    private void add(String module, String name, List<String> options) throws IOException {
        List<String> settings = new ArrayList<>(List.of("-Dkafka.bootstrap.servers=" + topics.bootstrap()));
        settings.addAll(options);
        ServiceProcess service = new ServiceProcess(module, name, settings,
                Map.of("MCQA_INSTANCE_ID", name, "DJL_CACHE_DIR", dir.resolve("djl-cache").toString()), dir.resolve("logs"));
        services.put(name, service.start());
    }

    private void stopEverything() {
        for (ServiceProcess service : services.values()) {
            try {
                if (service.alive()) {
                    service.stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (teacher != null) {
            teacher.close();
        }
        if (cluster != null) {
            try {
                cluster.close();
            } catch (IOException | InterruptedException e) {
                rows.add(new Row("the cluster stopped", e.toString(), false));
            }
        }
    }

    // ---- seeds and generation ----

    /**
     * seeds / tasks questions of each of the first tasks (alphabetically) from the bundled MMLU test
     * bank half, the tasks dealt into {@code count} groups.
     */
    private List<List<Seed>> seedGroups(int count) {
        int perTask = plan.seeds() / plan.tasks();
        List<List<Seed>> groups = new ArrayList<>();
        for (int g = 0; g < count; g++) {
            groups.add(new ArrayList<>());
        }
        List<List<Seed>> tasks = MmluSplit.read(ServiceProcess.REPO.resolve("data/mmlu/test-public")).values().stream()
                .filter(task -> task.bank().size() >= perTask).limit(plan.tasks()).map(task -> task.bank().subList(0, perTask)).toList();
        for (int t = 0; t < tasks.size(); t++) {
            groups.get(t % count).addAll(tasks.get(t));
        }
        return groups;
    }

    /** In batches of 50, to each generator instance in turn; every seed must come back ACCEPTED. */
    private void postSeeds(List<Seed> seeds) throws Exception {
        List<ServiceProcess> generators = instances("generator");
        for (int start = 0, batch = 0; start < seeds.size(); start += 50, batch++) {
            List<Map<String, Object>> body = seeds.subList(start, Math.min(seeds.size(), start + 50)).stream()
                    .map(s -> Map.<String, Object>of("task", s.task(), "question", s.question(), "choices", s.choices(), "answer", s.answer()))
                    .toList();
            HttpResponse<String> response = generators.get(batch % generators.size()).post("/v1/seeds", Json.encode(body));
            if (response.statusCode() != 200) {
                throw new AssertionError("posting seeds: " + response.statusCode() + " " + response.body());
            }
        }
    }

    private void killGeneratorWithARunInProgress() throws Exception {
        ServiceProcess generator = services.get("generator-1");
        JsonNode[] running = new JsonNode[1];
        await("a generation run in progress on generator-1", () -> {
            for (JsonNode run : Json.parse(generator.get("/v1/generations").body())) {
                if (run.path("state").asText().equals("RUNNING")) {
                    running[0] = run;
                    return true;
                }
            }
            return false;
        }, Duration.ofMinutes(2));
        kill(generator);
        rows.add(new Row("generator-1 killed with work in flight", "run " + running[0].path("task").asText() + " RUNNING, "
                + running[0].path("produced").asInt() + " of " + running[0].path("requested").asInt() + " produced", true));
        long restarted = restart(generator);
        Instant since = Instant.now();
        await("generator-1 produces again", () -> {
            for (JsonNode run : Json.parse(generator.get("/v1/generations").body())) {
                if (Instant.parse(run.path("startedAt").asText()).isAfter(since) && run.path("produced").asInt() > 0) {
                    return true;
                }
            }
            return false;
        }, Duration.ofMinutes(2));
        recovery("generator-1", restarted);
    }

    private void killScorerWithCallsInFlight() throws Exception {
        ServiceProcess scorer = services.get("scorer-1");
        double[] open = new double[1];
        await("teacher calls in flight from scorer-1", () -> (open[0] = metric(scorer, "mcqa_teacher_in_flight")) > 0, Duration.ofMinutes(2));
        double scoredBefore = metric(scorer, "mcqa_scored_items_total");
        kill(scorer);
        rows.add(new Row("scorer-1 killed with work in flight", (int) open[0] + " teacher calls open, " + (int) scoredBefore + " items scored before", true));
        long restarted = restart(scorer);
        await("scorer-1 scores again", () -> metric(scorer, "mcqa_scored_items_total") > 0, Duration.ofMinutes(2));
        recovery("scorer-1", restarted);
    }

    /**
     * Stops a broker that is not the active controller (its partitions' leadership moves), then, in
     * the full plan, the active controller; each while teacher calls are in flight (asserted).
     */
    private void stopBrokers() throws Exception {
        int controller = cluster.controller();
        int node = controller == 3 ? 2 : 3;
        stopNode(node, "broker " + node + " stopped");
        if (plan.stopController()) {
            int active = cluster.controller();
            stopNode(active, "active controller " + active + " stopped");
            int next = cluster.controller();
            rows.add(new Row("a new controller after " + active + " stopped", "node " + next, next != active));
        }
    }

    private void stopNode(int node, String what) throws Exception {
        double inFlight = awaitTeacherCallsInFlight();
        int before = scoredItems();
        cluster.stopNode(node);
        Thread.sleep(plan.brokerStop().toMillis());
        int during = scoredItems();
        cluster.startNode(node);
        rows.add(new Row(what, String.format("%d s with %d teacher calls in flight (%d s each); the trainer held %d scored items before, %d at its end",
                plan.brokerStop().toSeconds(), (int) inFlight, plan.slowCall().toSeconds(), before, during), inFlight > 0));
    }

    /** The teacher calls open now over every generator and scorer instance, once there are some. */
    private double awaitTeacherCallsInFlight() throws Exception {
        double[] open = new double[1];
        await("teacher calls in flight", () -> {
            open[0] = 0;
            for (ServiceProcess service : services.values()) {
                if (service.alive() && (service.name().startsWith("generator") || service.name().startsWith("scorer"))) {
                    open[0] += metric(service, "mcqa_teacher_in_flight");
                }
            }
            return open[0] > 0;
        }, Duration.ofMinutes(1));
        return open[0];
    }

    /** What the trainer holds: every scored item that reached mcqa.scored. */
    private int scoredItems() throws Exception {
        return Json.parse(services.get("trainer-1").get("/v1/trainings/dataset").body()).path("scoredItems").asInt();
    }

    /**
     * generator-2 dies for good (SIGKILL, not restarted): generator-1 takes its tasks over once the
     * dead member's session expires (session.timeout.ms, 45 s) and finishes them. Then generator-2
     * comes back and takes its share again.
     */
    private void loseAGenerator(int seeds) throws Exception {
        ServiceProcess lost = services.get("generator-2");
        ServiceProcess survivor = services.get("generator-1");
        kill(lost);
        long killed = System.nanoTime();
        await("generator-1 holds every task's seeds", () -> metric(survivor, "mcqa_seeds_known") == seeds
                && survivor.get("/q/health/ready").statusCode() == 200, Duration.ofMinutes(3));
        Duration took = Duration.ofNanos(System.nanoTime() - killed);
        Duration bound = RECOVERY_BOUND.plus(SESSION_TIMEOUT);
        rows.add(new Row("generator-2 lost for good: generator-1 takes over", String.format("all %d seeds after %.1f s (bound %d s: %d + session timeout %d)",
                seeds, took.toMillis() / 1000.0, bound.toSeconds(), RECOVERY_BOUND.toSeconds(), SESSION_TIMEOUT.toSeconds()),
                !plan.timesChecked() || took.compareTo(bound) <= 0));
        restart(lost);
        await("generator-2 back", () -> lost.get("/q/health/ready").statusCode() == 200, Duration.ofMinutes(2));
    }

    /** The teacher answers 503 for the planned time, while calls are in flight (asserted): they wait and retry. */
    private void teacherOutage() throws Exception {
        if (plan.teacherOutage().isZero()) {
            return;
        }
        double inFlight = awaitTeacherCallsInFlight();
        long refusedBefore = teacher.failedRequests();
        teacher.failFor(503, plan.teacherOutage());
        Thread.sleep(plan.teacherOutage().toMillis());
        long refused = teacher.failedRequests() - refusedBefore;
        rows.add(new Row("teacher unavailable", String.format("%d s of 503 from %d calls in flight; %d calls refused, then retried",
                plan.teacherOutage().toSeconds(), (int) inFlight, refused), refused > 0));
    }

    /** One record that breaks the contract into each consumed topic. */
    private void writePoison() throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrap(), ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (String topic : POISONED) {
                producer.send(new ProducerRecord<>(topic, "poison", "{\"poison\": \"" + topic + "\"}")).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private void awaitAllScored(int seeds) throws Exception {
        int items = plan.tasks() * plan.itemsPerTask();
        await(items + " items generated and scored, the trainer holding them all", () -> {
            JsonNode dataset = Json.parse(services.get("trainer-1").get("/v1/trainings/dataset").body());
            return dataset.path("seeds").asInt() == seeds && dataset.path("scoredItems").asInt() >= items;
        }, Duration.ofMinutes(10));
    }

    // ---- training and inference ----

    private void trainWithATrainerKill() throws Exception {
        ServiceProcess trainer = services.get("trainer-1");
        String before = Json.parse(trainer.get("/v1/trainings/dataset").body()).path("idsSha256").asText();
        String run = Json.parse(trainer.post("/v1/trainings", "{}").body()).path("id").asText();
        await("the training run is training", () -> trainingState(trainer, run).equals("TRAINING"), Duration.ofMinutes(2));
        kill(trainer);
        rows.add(new Row("trainer-1 killed with work in flight", "run " + run + " TRAINING", true));
        long restarted = restart(trainer);
        await("trainer-1 ready again", () -> trainer.get("/q/health/ready").statusCode() == 200, Duration.ofMinutes(2));
        recovery("trainer-1", restarted);
        String after = Json.parse(trainer.get("/v1/trainings/dataset").body()).path("idsSha256").asText();
        rows.add(new Row("trainer dataset the same after its restart", "ids SHA-256 " + abbreviated(before) + " then " + abbreviated(after),
                before.equals(after)));
        release(trainer, "{}");
    }

    /** Continuous answers from both instances, across a second release and a kill of one instance; each failed try goes to the other. */
    private void inferenceUnderTraffic() throws Exception {
        List<ServiceProcess> inference = instances("inference");
        for (ServiceProcess instance : inference) {
            await(instance.name() + " serves a model", () -> instance.get("/q/health/ready").statusCode() == 200, Duration.ofMinutes(2));
        }
        Seed question = MmluSplit.read(ServiceProcess.REPO.resolve("data/mmlu/test-public")).values().iterator().next().evaluation().get(0);
        String body = Json.encode(Map.of("question", question.question(), "choices", question.choices()));
        ConcurrentLinkedQueue<String> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            int first = c;
            clients.submit(() -> {
                int n = first;
                while (sending.get()) {
                    outcomes.add(answer(inference.get(n % 2), inference.get((n + 1) % 2), body));
                    n++;
                }
                return null;
            });
        }
        Thread.sleep(plan.inferenceTraffic().toMillis() / 2);
        String version = release(services.get("trainer-1"), "{\"force\": true}");
        for (ServiceProcess instance : inference) {
            await(instance.name() + " serves " + version, () -> Json.parse(instance.get("/v1/model").body()).path("version").asText().equals(version),
                    Duration.ofMinutes(1));
        }
        List<String> beforeKill = List.copyOf(outcomes);
        ServiceProcess killed = inference.get(0);
        kill(killed);
        long restarted = restart(killed);
        await(killed.name() + " serves again", () -> killed.get("/q/health/ready").statusCode() == 200, Duration.ofMinutes(2));
        recovery(killed.name(), restarted);
        Thread.sleep(plan.inferenceTraffic().toMillis() / 2);
        sending.set(false);
        clients.shutdown();
        clients.awaitTermination(1, TimeUnit.MINUTES);
        Map<String, Long> byOutcome = outcomes.stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
        long retriedAcrossRelease = beforeKill.stream().filter(o -> !o.equals("first")).count();
        rows.add(new Row("inference requests across release " + version, beforeKill.size() + " requests, " + retriedAcrossRelease
                + " not answered by the instance asked first", retriedAcrossRelease == 0));
        rows.add(new Row("inference requests across a kill of " + killed.name(), byOutcome + " in all; failed only if neither instance answered",
                !byOutcome.containsKey("failed")));
    }

    /** "first" if the first instance answered, "retried" if the other did, "failed" if neither. */
    private static String answer(ServiceProcess first, ServiceProcess other, String body) {
        for (ServiceProcess instance : List.of(first, other)) {
            try {
                if (instance.post("/v1/answers", body).statusCode() == 200) {
                    return instance == first ? "first" : "retried";
                }
            } catch (IOException e) {
                // refused or reset: the instance is down; the other is tried
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "failed";
            }
        }
        return "failed";
    }

    private String release(ServiceProcess trainer, String request) throws Exception {
        String run = Json.parse(trainer.post("/v1/trainings", request).body()).path("id").asText();
        await("training run " + run + " ends", () -> Set.of("RELEASED", "NOT_RELEASED", "FAILED", "CANCELLED").contains(trainingState(trainer, run)),
                Duration.ofMinutes(5));
        JsonNode progress = Json.parse(trainer.get("/v1/trainings/" + run).body());
        if (!progress.path("state").asText().equals("RELEASED")) {
            throw new AssertionError("training run " + run + " was not released: " + progress);
        }
        return progress.path("version").asText();
    }

    private static String trainingState(ServiceProcess trainer, String run) throws Exception {
        return Json.parse(trainer.get("/v1/trainings/" + run).body()).path("state").asText();
    }

    // ---- checks from the topics ----

    private void checkTopics(int seedCount) throws Exception {
        List<ConsumerRecord<String, String>> seedRecords = contractRecords(Topics.SEEDS);
        Set<String> seedIds = seedRecords.stream().map(r -> Json.decode(r.value(), Seed.class).id()).collect(Collectors.toCollection(TreeSet::new));
        rows.add(new Row("distinct seeds on mcqa.seeds", seedIds.size() + " of " + seedCount + "; "
                + (seedRecords.size() - seedIds.size()) + " duplicate records", seedIds.size() == seedCount));

        List<ConsumerRecord<String, String>> generatedRecords = contractRecords(Topics.GENERATED);
        Map<String, GeneratedItem> generated = new TreeMap<>();
        generatedRecords.forEach(r -> {
            GeneratedItem item = Json.decode(r.value(), GeneratedItem.class);
            generated.put(item.id(), item);
        });
        Map<String, Long> perTask = generated.values().stream().collect(Collectors.groupingBy(GeneratedItem::task, TreeMap::new, Collectors.counting()));
        long lowest = perTask.values().stream().mapToLong(Long::longValue).min().orElse(0);
        long highest = perTask.values().stream().mapToLong(Long::longValue).max().orElse(0);
        rows.add(new Row("distinct items per task on mcqa.generated", "target " + plan.itemsPerTask() + ": " + perTask.size() + " tasks, "
                + lowest + " to " + highest + " items (lost " + Math.max(0, plan.itemsPerTask() - lowest) + ", overshoot "
                + Math.max(0, highest - plan.itemsPerTask()) + "); " + (generatedRecords.size() - generated.size()) + " duplicate records",
                perTask.size() == plan.tasks() && lowest == plan.itemsPerTask() && highest == plan.itemsPerTask()));

        List<ConsumerRecord<String, String>> scoredRecords = contractRecords(Topics.SCORED);
        Set<String> scoredIds = scoredRecords.stream().map(r -> Json.decode(r.value(), ScoredItem.class).item().id())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> unscored = new TreeSet<>(generated.keySet());
        unscored.removeAll(scoredIds);
        Set<String> unknown = new TreeSet<>(scoredIds);
        unknown.removeAll(generated.keySet());
        rows.add(new Row("every generated item scored, nothing else", unscored.size() + " unscored, " + unknown.size() + " scored but never generated; "
                + (scoredRecords.size() - scoredIds.size()) + " duplicate records", unscored.isEmpty() && unknown.isEmpty()));

        JsonNode dataset = Json.parse(services.get("trainer-1").get("/v1/trainings/dataset").body());
        String digest = idsDigest(seedIds, scoredIds);
        rows.add(new Row("trainer dataset equals the topics", dataset.path("seeds").asInt() + " seeds, " + dataset.path("scoredItems").asInt()
                + " scored items, ids SHA-256 " + abbreviated(dataset.path("idsSha256").asText()) + " (topics " + abbreviated(digest) + ")",
                dataset.path("seeds").asInt() == seedIds.size() && dataset.path("scoredItems").asInt() == scoredIds.size()
                        && dataset.path("idsSha256").asText().equals(digest)));

        checkDeadLetters();
        long[] lag = {-1};
        try { // the scorer commits what it has done every few seconds
            await("scorer-service commits everything", () -> (lag[0] = topics.lag("scorer-service", Topics.GENERATED).orElse(-1L)) == 0,
                    Duration.ofMinutes(1));
        } catch (AssertionError stillBehind) {
            // reported below
        }
        rows.add(new Row("consumer lag of scorer-service on mcqa.generated", lag[0] + " (the other groups commit nothing: they re-read at start)",
                lag[0] == 0));
    }

    /** The records of a contract topic less the poison this suite wrote. */
    private List<ConsumerRecord<String, String>> contractRecords(String topic) {
        return topics.readAll(topic).stream().filter(r -> !"poison".equals(r.key())).toList();
    }

    /** Each dead-letter topic holds the poison of the topics its service consumes, each with a reason, and nothing else. */
    private void checkDeadLetters() {
        Map<String, List<String>> consumes = Map.of(
                "generator-service", List.of(Topics.SEEDS, Topics.GENERATED),
                "scorer-service", List.of(Topics.GENERATED),
                "trainer-service", List.of(Topics.SEEDS, Topics.SCORED, Topics.MODELS),
                "inference-service", List.of(Topics.MODELS));
        for (var service : new TreeMap<>(consumes).entrySet()) {
            List<ConsumerRecord<String, String>> letters = topics.readAll(Topics.deadLetter(service.getKey())).stream()
                    .filter(r -> TopicReader.header(r, "dead-letter-topic") != null).toList(); // the generator's refused outputs carry no source
            Set<String> sources = letters.stream().map(r -> TopicReader.header(r, "dead-letter-topic") + " " + r.value()).collect(Collectors.toCollection(TreeSet::new));
            Set<String> expected = service.getValue().stream().map(t -> t + " {\"poison\": \"" + t + "\"}").collect(Collectors.toCollection(TreeSet::new));
            long withoutReason = letters.stream().filter(r -> TopicReader.header(r, "dead-letter-reason") == null).count();
            rows.add(new Row("dead letters of " + service.getKey(), sources.size() + " distinct, from " + service.getValue() + "; " + letters.size()
                    + " records (a restart re-reads and re-dead-letters); " + withoutReason + " without a reason",
                    sources.equals(expected) && withoutReason == 0));
        }
    }

    private void checkProcesses() throws IOException {
        List<String> unexpected = new ArrayList<>();
        for (ServiceProcess service : services.values()) {
            if (!service.alive()) {
                unexpected.add(service.name() + " is not running");
            }
            List<Integer> exits = service.exitCodes();
            long killed = exits.stream().filter(code -> code == 137).count();
            if (exits.size() != killed || killed != expectedExits.getOrDefault(service.name(), 0)) {
                unexpected.add(service.name() + " exited " + exits);
            }
        }
        try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
            files.filter(f -> f.getFileName().toString().startsWith("hs_err")).forEach(f -> unexpected.add("crash file " + f.getFileName()));
        }
        rows.add(new Row("no unexpected exit, no crash file", unexpected.isEmpty() ? "none" : String.join("; ", unexpected), unexpected.isEmpty()));
    }

    // ---- helpers ----

    private void kill(ServiceProcess service) throws InterruptedException {
        service.kill();
        expectedExits.merge(service.name(), 1, Integer::sum);
    }

    /** Starts it again; the System.nanoTime() of the start. */
    private static long restart(ServiceProcess service) throws IOException {
        long now = System.nanoTime();
        service.start();
        return now;
    }

    private void recovery(String name, long restarted) {
        Duration took = Duration.ofNanos(System.nanoTime() - restarted);
        rows.add(new Row("recovery of " + name + " after kill -9 and restart", String.format("%.1f s (bound %d s%s)", took.toMillis() / 1000.0,
                RECOVERY_BOUND.toSeconds(), plan.timesChecked() ? "" : ", shown only"), !plan.timesChecked() || took.compareTo(RECOVERY_BOUND) <= 0));
    }

    private List<ServiceProcess> instances(String prefix) {
        return services.values().stream().filter(s -> s.name().startsWith(prefix)).toList();
    }

    /** Waits, failing at once if an instance running when the wait began exits meanwhile. */
    private void await(String what, ServiceProcess.Check check, Duration timeout) throws Exception {
        ServiceProcess.await(what + "; logs in " + dir.resolve("logs"), check, timeout,
                services.values().stream().filter(ServiceProcess::alive).toList());
    }

    /** The sum of a metric's samples in the Prometheus text of the instance. */
    private static double metric(ServiceProcess service, String name) throws Exception {
        double sum = 0;
        for (String line : service.get("/q/metrics").body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** As the trainer's Dataset.idsDigest: SHA-256 over the sorted seed ids, then the sorted item ids. */
    private static String idsDigest(Set<String> seedIds, Set<String> itemIds) throws Exception {
        StringBuilder ids = new StringBuilder();
        seedIds.forEach(id -> ids.append("seed:").append(id).append('\n'));
        itemIds.forEach(id -> ids.append("item:").append(id).append('\n'));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ids.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String abbreviated(String digest) {
        return digest.length() > 12 ? digest.substring(0, 12) : digest;
    }

    /** A port p such that p .. p + count - 1 are free now. */
    private static int freePortRange(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 30000 + (int) (Math.random() * 20000);
            boolean free = true;
            for (int p = base; p < base + count && free; p++) {
                try (ServerSocket socket = new ServerSocket(p)) {
                    socket.setReuseAddress(true);
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IOException("no " + count + " consecutive free ports");
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** bin/fault-suite: the full plan (or --reduced), its table on standard output; exit 1 if a check failed. */
    public static void main(String[] args) throws Exception {
        boolean reduced = List.of(args).contains("--reduced");
        Path dir = ServiceProcess.REPO.resolve(".run/fault-suite");
        Result result = new FaultSuite(reduced ? Plan.reduced() : Plan.full(), dir).run();
        System.out.print(result.table());
        System.exit(result.passed() ? 0 : 1);
    }
}
