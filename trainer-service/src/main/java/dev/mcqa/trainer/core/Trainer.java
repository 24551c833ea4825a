package dev.mcqa.trainer.core;

import ai.onnxruntime.OrtSession;
import dev.mcqa.contract.HeldOutSeeds;
import dev.mcqa.contract.Json;
import dev.mcqa.contract.MmluSplit;
import dev.mcqa.contract.ModelRelease;
import dev.mcqa.contract.ReleaseLineage;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.Seed;
import dev.mcqa.encoding.EncodedBatch;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.encoding.OrtModel;
import dev.mcqa.store.Artifact;
import dev.mcqa.store.ModelStore;
import dev.mcqa.student.Backbones;
import dev.mcqa.student.Student;
import dev.mcqa.student.onnx.OnnxExport;
import dev.mcqa.student.onnx.OnnxQuantizer;
import dev.mcqa.student.training.Distiller;
import dev.mcqa.student.training.TrainingExample;
import dev.mcqa.student.training.TrainingSettings;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Runs training, one run at a time: snapshot the dataset, fine-tune the student with the
 * distillation loss, export it to ONNX and check ONNX Runtime against DJL, evaluate the exported
 * file on the held-out set, then release it (artifact in the store, message on mcqa.models) if it is
 * not worse than the current release by more than the margin, or if forced.
 */
public final class Trainer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Trainer.class.getName());
    private static final double ORT_TOLERANCE = 1e-4;
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);
    private static final int MAX_BACKOFF_FACTOR = 32;
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** Where releases are announced; returns once the broker has the message. */
    public interface ReleaseSink {
        void publish(ModelRelease release);
    }

    /**
     * @param shuffleTargets a control run: the targets are permuted among the questions, so the model
     *                       learns nothing true; the gate should keep it from being released
     * @param epochs         overrides the configured epochs when not null
     */
    public record Request(boolean force, boolean shuffleTargets, Integer epochs) {
    }

    private final Dataset dataset;
    private final TrainerSettings settings;
    private final ModelStore store;
    private final ReleaseSink sink;
    private final Supplier<Optional<ModelRelease>> currentRelease;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "training"));
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "training-retry");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, TrainingRun> runs = Collections.synchronizedMap(new LinkedHashMap<>());
    /** The run being worked on, until its end is accounted for ({@link #ended}); null when the trainer is free. */
    private volatile TrainingRun active;
    /** The automatic trigger last asked for (0: only on request); a retry after a failure asks again with it. */
    private long triggerAfter;
    private Duration failureBackoff = Duration.ZERO;
    /** System.nanoTime() before which automatic training does not start (after a failure); null: none. */
    private Long retryNotBefore;

    public Trainer(Dataset dataset, TrainerSettings settings, ModelStore store, ReleaseSink sink,
                   Supplier<Optional<ModelRelease>> currentRelease) {
        this.dataset = dataset;
        this.settings = settings;
        this.store = store;
        this.sink = sink;
        this.currentRelease = currentRelease;
    }

    /** Starts a run, or fails with IllegalStateException while another is active. */
    public synchronized TrainingRun start(Request request) {
        if (active != null) {
            throw new IllegalStateException("run " + active.id() + " has not ended");
        }
        TrainingSettings training = request.epochs() == null ? settings.training() : settings.training().withEpochs(request.epochs());
        AtomicReference<Dataset.Snapshot> snapshot = new AtomicReference<>();
        TrainingRun run = new TrainingRun(UUID.randomUUID().toString(), request.shuffleTargets(), training.epochs(), end -> ended(end, snapshot.get()));
        runs.put(run.id(), run);
        active = run;
        worker.submit(() -> {
            try {
                snapshot.set(dataset.snapshot());
                execute(run, request, training, snapshot.get());
            } catch (Throwable e) {
                // An Error (OutOfMemoryError in libtorch's Java side, a StackOverflowError) must end the run,
                // or it stays active and every later run is refused with 409.
                LOG.log(Level.SEVERE, "training run " + run.id() + " failed", e);
                run.finish(TrainingRun.State.FAILED, null, null, e.toString());
            }
        });
        return run;
    }

    /**
     * A run that released, was refused by the gate or was cancelled has used its data: only items
     * beyond its snapshot count as new. A FAILED run has not, so its items stay new, and automatic
     * training tries again after a backoff rather than at the very next record.
     */
    private synchronized void ended(TrainingRun.State end, Dataset.Snapshot snapshot) {
        active = null;
        if (end != TrainingRun.State.FAILED) {
            dataset.markTrained(snapshot.offsets());
            failureBackoff = Duration.ZERO;
            retryNotBefore = null;
            return;
        }
        Duration base = settings.retryAfterFailure();
        Duration longest = base.multipliedBy(MAX_BACKOFF_FACTOR);
        Duration doubled = failureBackoff.multipliedBy(2);
        failureBackoff = failureBackoff.isZero() ? base : doubled.compareTo(longest) < 0 ? doubled : longest;
        retryNotBefore = System.nanoTime() + failureBackoff.toNanos();
        Duration wait = failureBackoff;
        LOG.info(() -> "a training run failed: automatic training tries again in " + wait.toSeconds() + " s at the earliest");
        retries.schedule(() -> scoredArrived(triggerAfter), wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    public Optional<TrainingRun> run(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    public List<TrainingRun> runs() {
        synchronized (runs) {
            return List.copyOf(runs.values());
        }
    }

    /** Asks a run to stop after its current step; false if it is unknown or over. */
    public boolean cancel(String id) {
        TrainingRun run = runs.get(id);
        if (run == null || !run.active()) {
            return false;
        }
        run.requestCancel();
        return true;
    }

    /** Starts a run when enough new scored items have arrived since the last one (0: never). */
    public synchronized void scoredArrived(long triggerAfter) {
        this.triggerAfter = triggerAfter;
        if (triggerAfter > 0 && dataset.newScored() >= triggerAfter && active == null
                && (retryNotBefore == null || System.nanoTime() - retryNotBefore >= 0)) {
            LOG.info(() -> dataset.newScored() + " new scored items since the last run: starting a training run");
            start(new Request(false, settings.automaticShuffleTargets(), null));
        }
    }

    private void execute(TrainingRun run, Request request, TrainingSettings training, Dataset.Snapshot snapshot) {
        HeldOut heldOut;
        TrainingData data;
        try {
            heldOut = heldOut(snapshot);
            data = TrainingData.of(snapshot, heldOut, settings);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "training run " + run.id() + " failed before training", e);
            run.finish(TrainingRun.State.FAILED, null, null, e.toString());
            return;
        }
        List<TrainingExample> examples = request.shuffleTargets() ? shuffledTargets(data.examples()) : data.examples();
        if (examples.isEmpty()) {
            run.finish(TrainingRun.State.FAILED, null, null, "nothing to train on: no seeds and no scored items yet");
            return;
        }
        run.training(snapshot.seeds().size(), snapshot.scored().size());
        long started = System.nanoTime();
        try (Student student = Backbones.load(settings.backbone(), settings.device())) {
            byte[] tokenizer;
            try (InputStream in = Backbones.tokenizer(settings.backbone())) {
                tokenizer = in.readAllBytes();
            }
            try (McqaEncoder encoder = McqaEncoder.open(new ByteArrayInputStream(tokenizer), settings.maxLength(),
                    student.config().usesTokenTypes(), student.config().padTokenId())) {
                Map<String, Object> summary = data.summary(encoder, heldOut);
                run.dataset(summary);
                LOG.info(() -> "training run " + run.id() + ": dataset " + Json.encode(summary));
                long[] lastLog = {System.nanoTime()};
                Distiller distiller = new Distiller(student, encoder, training);
                distiller.train(examples, (epoch, step, total, loss) -> {
                    run.stepped(epoch, step, total, loss);
                    if (System.nanoTime() - lastLog[0] > 30_000_000_000L || step == total) {
                        lastLog[0] = System.nanoTime();
                        LOG.info(() -> String.format("training run %s: epoch %d, step %d/%d, loss %.4f, about %s s left",
                                run.id(), epoch + 1, step, total, loss, run.progress().secondsLeft()));
                    }
                }, run::cancelRequested, heldOut.validation().isEmpty() ? null
                        : () -> Evaluator.evaluate(BatchedPredictor.student(student, encoder), heldOut.validation(), List.of()).accuracy(),
                        settings.patience());
                if (!distiller.validationScores().isEmpty()) {
                    LOG.info(() -> "training run " + run.id() + ": validation accuracy by epoch " + distiller.validationScores());
                }
                if (!distiller.skips().isEmpty()) {
                    LOG.warning(() -> "training run " + run.id() + ": " + distiller.skips().size()
                            + " steps skipped for a non-finite gradient: " + distiller.skips());
                }
                if (run.cancelRequested()) {
                    cancelled(run);
                    return;
                }
                run.evaluating();
                release(run, request, snapshot, data, heldOut, summary, distiller.validationScores(), student, encoder, tokenizer,
                        (System.nanoTime() - started) / 1e9);
            }
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "training run " + run.id() + " failed", e);
            run.finish(TrainingRun.State.FAILED, null, null, e.toString());
        }
    }

    private static void cancelled(TrainingRun run) {
        run.finish(TrainingRun.State.CANCELLED, null, null, "cancelled");
        LOG.info(() -> "training run " + run.id() + " cancelled at step " + run.progress().step() + " of epoch " + run.progress().epoch());
    }

    private void release(TrainingRun run, Request request, Dataset.Snapshot snapshot, TrainingData data, HeldOut heldOut,
                         Map<String, Object> summary, List<Double> validationByEpoch, Student student, McqaEncoder encoder,
                         byte[] tokenizer, double trainingSeconds) throws Exception {
        byte[] onnx = OnnxExport.toBytes(student.model());
        try (OrtModel ort = OrtModel.open(onnx, new OrtSession.SessionOptions())) {
            List<Seed> sample = heldOut.test().isEmpty() ? snapshot.seeds() : heldOut.test();
            double difference = ortDifference(student, ort, encoder, sample);
            if (difference > ORT_TOLERANCE) {
                run.finish(TrainingRun.State.FAILED, null, null, "the ONNX export differs from DJL by " + difference);
                return;
            }
            if (run.cancelRequested()) { // the evaluation below does not look back until it has finished
                cancelled(run);
                return;
            }
            BatchedPredictor candidate = BatchedPredictor.onnx(ort, encoder);
            List<ScoredItem> teacherSample = data.teacherHeldOut().subList(0, Math.min(settings.teacherSample(), data.teacherHeldOut().size()));
            Metrics metrics = Evaluator.evaluate(candidate, heldOut.test(), teacherSample);
            LOG.info(() -> String.format("training run %s: held-out accuracy %.4f over %d test questions, ECE %.4f",
                    run.id(), metrics.accuracy(), metrics.items(), metrics.ece()));
            if (!Double.isFinite(metrics.accuracy()) || !Double.isFinite(metrics.ece())) {
                run.finish(TrainingRun.State.FAILED, null, null, "the evaluation gave no finite figures (accuracy "
                        + metrics.accuracy() + ", ECE " + metrics.ece() + "): nothing is released, even when forced");
                return;
            }
            Optional<ModelRelease> current = currentRelease.get();
            String gateReason = null;
            if (!request.force() && current.isPresent()) {
                Optional<Gate.Decision> decision = gate(candidate, current.get(), heldOut.validation());
                if (decision.isPresent() && !decision.get().release()) {
                    run.finish(TrainingRun.State.NOT_RELEASED, metrics.toMap(), null, decision.get().reason());
                    return;
                }
                gateReason = decision.map(Gate.Decision::reason)
                        .orElse("release " + current.get().version() + " could not be run, so there was nothing to compare with");
            }
            Int8Form int8 = settings.int8Form() ? int8Form(onnx, encoder, candidate, heldOut.all())
                    : new Int8Form(null, Map.of("kept", false, "reason", "no int8 form is made for this model (the 5-shot baseline, never served)"));
            String sha = Artifact.sha256(onnx);
            Instant now = Instant.now();
            String version = VERSION.format(now) + "-" + sha.substring(0, 8);
            Set<String> teachers = new TreeSet<>();
            snapshot.scored().forEach(s -> {
                teachers.add(s.item().teacher());
                teachers.add(s.scorer());
            });
            ReleaseLineage lineage = new ReleaseLineage(snapshot.seeds().size(), snapshot.scored().size(), snapshot.offsets(),
                    List.copyOf(teachers), Backbones.MINILM.equals(settings.backbone()) ? Backbones.MINILM : Path.of(settings.backbone()).getFileName().toString());
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("version", version);
            card.put("architecture", student.config().toJson());
            card.put("backbone", lineage.backbone());
            card.put("maxLength", settings.maxLength());
            card.put("tokenTypes", student.config().usesTokenTypes());
            card.put("metrics", metrics.toMap());
            double[] interval = metrics.accuracyInterval();
            card.put("accuracyInterval95", List.of(interval[0], interval[1]));
            card.put("evaluation", settings.evaluationDir() == null
                    ? "test part of the held-out seeds (one seed in five)"
                    : settings.evaluationDir() + " (test part of the evaluation half)");
            card.put("gate", gateReason == null ? (request.force() ? "forced" : "first release") : gateReason);
            card.put("int8", int8.card());
            card.put("dataset", summary);
            card.put("lineage", lineage);
            card.put("training", Map.of("settings", settingsOf(request), "seconds", Math.round(trainingSeconds),
                    "validationAccuracyByEpoch", validationByEpoch));
            card.put("sha256", sha);
            card.put("createdAt", now.toString());
            URI artifact = store.write(version, new Artifact(onnx, tokenizer, Json.encode(card), int8.model()));
            ModelRelease release = ModelRelease.of(version, ModelRelease.ALL_TASKS, artifact.toString(), sha,
                    ModelStore.TOKENIZER, metrics.toMap(), lineage, now);
            sink.publish(release);
            LOG.info(() -> "released " + version + " at " + artifact);
            run.finish(TrainingRun.State.RELEASED, metrics.toMap(), version, request.force() ? "forced" : gateReason);
        }
    }

    /** A release's int8 form (null when left out) and what its card says about it. */
    private record Int8Form(byte[] model, Map<String, Object> card) {
    }

    /**
     * Quantises the export and checks the int8 form against it on the held-out questions
     * ({@link Int8Check#RELEASES}). A failure to make or run it leaves the int8 form out, never the release.
     */
    private Int8Form int8Form(byte[] onnx, McqaEncoder encoder, BatchedPredictor fp32, List<Seed> questions) {
        Map<String, Object> card = new LinkedHashMap<>();
        try {
            byte[] int8 = OnnxQuantizer.dynamicInt8(onnx);
            try (OrtModel quantised = OrtModel.open(int8, new OrtSession.SessionOptions())) {
                Int8Check.Result result = Int8Check.RELEASES.check(fp32, BatchedPredictor.onnx(quantised, encoder), questions);
                card.put("kept", result.keep());
                card.put("reason", result.reason());
                card.put("questions", result.comparison().questions());
                card.put("agreement", result.agreement());
                card.put("fp32Accuracy", result.fp32Accuracy());
                card.put("int8Accuracy", result.int8Accuracy());
                if (result.keep()) {
                    card.put("sha256", Artifact.sha256(int8));
                }
                LOG.info(() -> "int8 form: " + result.reason());
                return new Int8Form(result.keep() ? int8 : null, card);
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "the int8 form could not be made or run; the release goes without it", e);
            card.put("kept", false);
            card.put("reason", "int8 left out: it could not be made or run: " + e);
            return new Int8Form(null, card);
        }
    }

    /**
     * Runs the current release's own ONNX file (from its artifact) and the candidate on the same
     * validation questions and decides; empty when the current release cannot be run.
     */
    private Optional<Gate.Decision> gate(BatchedPredictor candidate, ModelRelease current, List<Seed> validation) {
        if (validation.isEmpty()) {
            return Optional.empty();
        }
        Metrics currentMetrics;
        try {
            URI artifact = URI.create(current.artifactUri());
            currentMetrics = BatchedPredictor.evaluateArtifact(store.fetch(artifact), validation);
            store.keepOnly(Set.of(artifact));
        } catch (Exception e) {
            LOG.log(Level.WARNING, "the gate cannot run release " + current.version() + " from " + current.artifactUri(), e);
            return Optional.empty();
        }
        Metrics candidateMetrics = Evaluator.evaluate(candidate, validation, List.of());
        Gate.Decision decision = new Gate(settings.gateLevel()).decide(candidateMetrics.correct(), currentMetrics.correct(), current.version());
        LOG.info(() -> "gate: " + decision.reason());
        return Optional.of(decision);
    }

    private Map<String, Object> settingsOf(Request request) {
        TrainingSettings t = settings.training();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("epochs", request.epochs() == null ? t.epochs() : request.epochs());
        out.put("batchSize", t.batchSize());
        out.put("learningRate", t.learningRate());
        out.put("alpha", t.alpha());
        out.put("temperature", t.temperature());
        out.put("seedWeight", settings.seedWeight());
        out.put("weightDecay", t.weightDecay());
        out.put("warmupFraction", t.warmupFraction());
        out.put("maxLength", settings.maxLength());
        out.put("device", settings.device().toString());
        out.put("patience", settings.patience());
        out.put("shuffleTargets", request.shuffleTargets());
        return out;
    }

    /**
     * The held-out questions, never trained on, in two parts by {@link MmluSplit#forValidation}: the
     * validation part decides the gate, the test part is what a release reports. Without an
     * evaluation directory, the held-out seeds ({@link HeldOutSeeds}); with one, its evaluation half
     * for the tasks in the dataset, at most n per task in each part.
     */
    HeldOut heldOut(Dataset.Snapshot snapshot) {
        if (settings.evaluationDir() == null) {
            List<Seed> seeds = snapshot.seeds().stream().filter(HeldOutSeeds::isHeldOut).toList();
            return new HeldOut(seeds.stream().filter(s -> MmluSplit.forValidation(s.question())).toList(),
                    seeds.stream().filter(s -> !MmluSplit.forValidation(s.question())).toList());
        }
        Set<String> tasks = new TreeSet<>();
        snapshot.seeds().forEach(s -> tasks.add(s.task()));
        snapshot.scored().forEach(s -> tasks.add(s.task()));
        List<Seed> validation = new ArrayList<>();
        List<Seed> test = new ArrayList<>();
        MmluSplit.read(settings.evaluationDir()).forEach((task, halves) -> {
            if (tasks.contains(task)) {
                validation.addAll(atMost(halves.validation(), settings.evaluationPerTask()));
                test.addAll(atMost(halves.test(), settings.evaluationPerTask()));
            }
        });
        return new HeldOut(validation, test);
    }

    private static List<Seed> atMost(List<Seed> items, int n) {
        return n > 0 ? items.subList(0, Math.min(n, items.size())) : items;
    }

    /** The control run: each question keeps its text but gets another question's targets (same choice count). */
    static List<TrainingExample> shuffledTargets(List<TrainingExample> examples) {
        Map<Integer, List<TrainingExample>> byChoices = examples.stream().collect(Collectors.groupingBy(e -> e.input().choices().size()));
        List<TrainingExample> out = new ArrayList<>();
        Random random = new Random(7);
        byChoices.values().forEach(group -> {
            List<TrainingExample> donors = new ArrayList<>(group);
            Collections.shuffle(donors, random);
            for (int i = 0; i < group.size(); i++) {
                TrainingExample donor = donors.get(i);
                out.add(new TrainingExample(group.get(i).input(), donor.teacher(), donor.label(), donor.weight()));
            }
        });
        return out;
    }

    private static double ortDifference(Student student, OrtModel ort, McqaEncoder encoder, List<Seed> sample) throws Exception {
        Map<Integer, List<Integer>> groups = Evaluator.byChoiceCount(sample.stream().map(s -> new McqaInput(s.question(), s.choices())).toList());
        List<Integer> first = groups.values().iterator().next();
        List<McqaInput> questions = first.subList(0, Math.min(8, first.size())).stream()
                .map(i -> new McqaInput(sample.get(i).question(), sample.get(i).choices())).toList();
        EncodedBatch batch = encoder.encode(questions);
        float[] djl = student.predict(batch, false).logits();
        float[] onnx = ort.logits(batch);
        double max = 0;
        for (int i = 0; i < djl.length; i++) {
            max = Math.max(max, Math.abs(djl[i] - onnx[i]));
        }
        return max;
    }

    /**
     * Cancels the active run and waits for it to stop (after its current step), at most
     * {@code STOP_WAIT}: a process that exits while libtorch works in another thread can crash in
     * native code (seen: exit 134 when stopped mid-training).
     */
    @Override
    public void close() {
        TrainingRun running = active;
        if (running != null && running.active()) {
            running.requestCancel();
        }
        retries.shutdownNow();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning(() -> "a training run was still running after " + STOP_WAIT.toSeconds() + " s of shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
