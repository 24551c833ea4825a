package dev.mcqa.generator.generation;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.contract.HeldOutSeeds;
import dev.mcqa.contract.InvalidMessageException;
import dev.mcqa.contract.Rules;
import dev.mcqa.contract.Seed;
import dev.mcqa.contract.Violation;
import dev.mcqa.generator.intake.SeedRegistry;
import dev.mcqa.teacher.ChatTeacher;
import dev.mcqa.teacher.ItemText;
import dev.mcqa.teacher.PromptTemplate;
import dev.mcqa.teacher.TeacherException;
import dev.mcqa.teacher.simulated.QuestionBank;
import dev.mcqa.teacher.simulated.SimulatedTeacher;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Runs generation: for each item of a run it samples k seeds of the task as few-shot examples, asks
 * the teacher (one JSON object, or decomposed: question, then correct answer, then distractors),
 * checks the result and publishes it with its lineage, or dead-letters the raw output with the
 * reason. With the simulated teacher items are drawn from the question bank instead ({@code bank}).
 * Items of all runs share {@code workers} threads; the teacher bounds its own calls in flight.
 */
public final class Generator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Generator.class.getName());
    private static final int KEPT_RUNS = 1000;
    private final SeedRegistry seeds;
    private final ItemRegistry items;
    private final ChatTeacher llm;
    private final QuestionBank bank;
    private final ItemSink sink;
    private final GenerationSettings settings;
    private final BooleanSupplier rebuilt;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    /** Runs by id, oldest first; guarded by itself. Beyond {@link #KEPT_RUNS} the oldest finished ones are forgotten, never a running one. */
    private final Map<String, GenerationRun> runs = new LinkedHashMap<>();
    private final Map<String, ScheduledFuture<?>> autoRuns = new ConcurrentHashMap<>();
    /** Held shared while an item is published, exclusively while tasks are handed over ({@link #handOver}). */
    private final ReadWriteLock publishing = new ReentrantReadWriteLock();
    private final PromptTemplate jsonPrompt = PromptTemplate.load("json-v1");
    private final PromptTemplate questionPrompt = PromptTemplate.load("decomposed-question-v1");
    private final PromptTemplate answerPrompt = PromptTemplate.load("decomposed-answer-v1");
    private final PromptTemplate distractorPrompt = PromptTemplate.load("decomposed-distractors-v1");

    /**
     * Exactly one of {@code llm} (an LLM teacher) and {@code bank} (the simulated teacher) is given.
     *
     * @param rebuilt whether the seeds and items re-read from their topics are complete: automatic
     *                runs count a task's items only then, or they would regenerate what exists
     */
    public Generator(SeedRegistry seeds, ItemRegistry items, ChatTeacher llm, QuestionBank bank, ItemSink sink,
                     GenerationSettings settings, int workers, BooleanSupplier rebuilt) {
        if ((llm == null) == (bank == null)) {
            throw new IllegalArgumentException("give either an LLM teacher or the question bank of the simulated teacher");
        }
        this.seeds = seeds;
        this.items = items;
        this.llm = llm;
        this.bank = bank;
        this.sink = sink;
        this.settings = settings;
        this.rebuilt = rebuilt;
        this.workers = Executors.newFixedThreadPool(workers);
    }

    public String teacherName() {
        return llm != null ? llm.model() : SimulatedTeacher.NAME;
    }

    /** The methods this teacher supports: json and decomposed for an LLM, bank for the simulated teacher. */
    public List<GenerationMethod> methods() {
        return llm != null ? List.of(GenerationMethod.JSON, GenerationMethod.DECOMPOSED) : List.of(GenerationMethod.BANK);
    }

    /** Starts a run; a bad request is an {@link InvalidMessageException} naming the field. */
    public GenerationRun start(String task, int count, GenerationMethod method) {
        List<Violation> violations = new ArrayList<>();
        Rules.task("task", task, violations);
        if (violations.isEmpty() && seeds.seedsOf(task).isEmpty()) {
            violations.add(new Violation("task", "has no seeds yet; post seeds of '" + task + "' first"));
        }
        if (count < 1 || count > settings.maxPerRun()) {
            violations.add(new Violation("count", "must be between 1 and " + settings.maxPerRun() + ", got " + count));
        }
        if (method == null || !methods().contains(method)) {
            violations.add(new Violation("method", "the " + teacherName() + " teacher supports " + methods().stream()
                    .map(m -> m.name().toLowerCase()).collect(Collectors.joining(", "))));
        }
        if (!violations.isEmpty()) {
            throw new InvalidMessageException(violations);
        }
        long active = runs().stream().filter(run -> !run.done()).count();
        if (active >= settings.maxActiveRuns()) {
            throw new IllegalStateException(active + " generation runs are active; the limit is " + settings.maxActiveRuns()
                    + " (mcqa.generation.max-active-runs): try again when one has finished");
        }
        GenerationRun run = new GenerationRun(UUID.randomUUID().toString(), task, method, teacherName(), count);
        synchronized (runs) {
            runs.put(run.id(), run);
            Iterator<GenerationRun> oldest = runs.values().iterator();
            while (runs.size() > KEPT_RUNS && oldest.hasNext()) {
                if (oldest.next().done()) {
                    oldest.remove();
                }
            }
        }
        LOG.info(() -> "generation run " + run.id() + ": " + count + " items of " + task + " by " + method.name().toLowerCase()
                + " with the " + (llm != null ? "LLM teacher " + llm.model() : "SIMULATED teacher (question bank, no LLM)"));
        for (int i = 0; i < count; i++) {
            int index = i;
            workers.submit(() -> makeItem(run, index));
        }
        return run;
    }

    public Optional<GenerationRun> run(String id) {
        synchronized (runs) {
            return Optional.ofNullable(runs.get(id));
        }
    }

    /** The kept runs, oldest first. */
    public List<GenerationRun> runs() {
        synchronized (runs) {
            return List.copyOf(runs.values());
        }
    }

    /**
     * New seeds of a task arrived: once they have been quiet for the quiet period, start a run that
     * brings the task to its target ({@link GenerationSettings#targetItems}), if one is configured.
     */
    public void seedsArrived(String task) {
        if (!settings.automatic()) {
            return;
        }
        autoRuns.compute(task, (t, pending) -> {
            if (pending != null) {
                pending.cancel(false);
            }
            return scheduler.schedule(() -> autoRun(t), settings.quietPeriod().toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /**
     * Tasks go to another instance (a rebalance of mcqa.seeds revoked their partitions): waits for the
     * items being published right now, then {@code dropTasks} forgets their seeds (returning the
     * tasks), their scheduled automatic runs are dropped and their running runs cancelled. An item
     * whose making ends after this is not published. So every item of a task reaches mcqa.generated
     * before its new owner reads where that topic ends, and the new owner's count is exact.
     */
    public Set<String> handOver(Supplier<Set<String>> dropTasks) {
        publishing.writeLock().lock();
        try {
            Set<String> lost = dropTasks.get();
            forget(lost);
            return lost;
        } finally {
            publishing.writeLock().unlock();
        }
    }

    private void forget(Collection<String> tasks) {
        for (String task : tasks) {
            ScheduledFuture<?> pending = autoRuns.remove(task);
            if (pending != null) {
                pending.cancel(false);
            }
            runs().stream().filter(run -> run.task().equals(task) && !run.done()).forEach(GenerationRun::cancel);
        }
        if (!tasks.isEmpty()) {
            LOG.info(() -> "tasks handed over to another instance, their runs cancelled: " + tasks);
        }
    }

    private void autoRun(String task) {
        boolean busy = runs().stream().anyMatch(run -> run.task().equals(task) && !run.done());
        if (busy || !rebuilt.getAsBoolean()) {
            seedsArrived(task); // look again once the current run has finished, or the topics are re-read
            return;
        }
        List<Seed> taskSeeds = seeds.seedsOf(task);
        if (taskSeeds.isEmpty()) {
            return; // forgotten meanwhile: the task is another instance's now
        }
        int missing = settings.targetItems(taskSeeds.size()) - items.count(task);
        if (missing > 0) {
            try {
                start(task, Math.min(missing, settings.maxPerRun()), llm != null ? settings.method() : GenerationMethod.BANK);
            } catch (IllegalStateException busyEverywhere) {
                seedsArrived(task); // as many runs as allowed are active: look again later
            }
        }
    }

    private void makeItem(GenerationRun run, int index) {
        if (run.cancelled()) {
            run.skipped();
            return;
        }
        String task = run.task();
        Random random = new Random(run.id().hashCode() * 31L + index);
        List<Seed> examples = sample(seeds.seedsOf(task), random);
        List<String> seedIds = examples.stream().map(Seed::id).toList();
        List<String> seedQuestions = seeds.seedsOf(task).stream().map(Seed::question).toList();
        StringBuilder raw = new StringBuilder();
        try {
            GeneratedItem item = switch (run.method()) {
                case BANK -> bank.draw(task, seedIds, candidate -> !items.known(candidate.id())
                                && items.claim(task, candidate.question(), seedQuestions, settings.nearCopy()))
                        .orElseThrow(() -> new Draft.Refused("bank-exhausted", "the question bank of " + task + " has no unused item left"));
                case JSON, DECOMPOSED -> fromTeacher(run, examples, seedIds, seedQuestions, random, raw);
            };
            publishing.readLock().lock();
            try {
                if (seeds.seedsOf(task).isEmpty()) { // handed over while it was being made: the task is another instance's
                    items.release(task, item.question());
                    run.skipped();
                    return;
                }
                sink.publish(item);
                items.record(item); // counted at once, not only when read back from the topic
                run.produced();
            } catch (RuntimeException e) {
                items.release(task, item.question());
                LOG.log(Level.WARNING, "generation run " + run.id() + ": item not published", e);
                run.failed();
            } finally {
                publishing.readLock().unlock();
            }
        } catch (Draft.Refused refused) {
            try {
                sink.reject(new Rejection(task, run.id(), refused.reason, refused.getMessage(), raw.toString(), teacherName()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "generation run " + run.id() + ": rejection not dead-lettered", e);
            }
            run.rejected(refused.reason);
        } catch (TeacherException e) {
            // A permanent failure is logged once by the teacher itself; a retryable one ran out of its budget.
            LOG.log(e.retryable() ? Level.WARNING : Level.FINE, () -> "generation run " + run.id() + ": the teacher failed"
                    + (e.retryable() ? " past its retry budget: " : ": ") + e.getMessage());
            run.failed();
        } catch (Throwable e) {
            // Errors too (a StackOverflowError in a parser, an OutOfMemoryError): the item must count,
            // or the run would stay RUNNING and its task's automatic runs wait for it forever.
            LOG.log(Level.SEVERE, "generation run " + run.id() + ": unexpected failure", e);
            run.failed();
        }
    }

    private GeneratedItem fromTeacher(GenerationRun run, List<Seed> examples, List<String> seedIds, List<String> seedQuestions,
                                      Random random, StringBuilder raw) throws Draft.Refused {
        String task = run.task();
        Draft draft;
        String promptVersion;
        if (run.method() == GenerationMethod.JSON) {
            promptVersion = jsonPrompt.version();
            String slots = String.join(", ", Collections.nCopies(settings.choices(), "\"...\""));
            raw.append(ask(jsonPrompt.fill(Map.of("task", task, "examples", render(examples), "choices",
                    Integer.toString(settings.choices()), "choice_slots", slots))));
            draft = Draft.fromJsonItem(raw.toString());
        } else {
            promptVersion = "decomposed-v1";
            String question = ask(questionPrompt.fill(Map.of("task", task, "examples", render(examples)))).strip();
            raw.append("question: ").append(question);
            String answer = ask(answerPrompt.fill(Map.of("task", task, "question", question))).strip();
            raw.append("\nanswer: ").append(answer);
            String wrong = ask(distractorPrompt.fill(Map.of("task", task, "question", question, "answer", answer,
                    "count", Integer.toString(settings.choices() - 1))));
            raw.append("\ndistractors: ").append(wrong);
            List<String> choices = new ArrayList<>(ItemText.distractors(wrong));
            int position = random.nextInt(choices.size() + 1);
            choices.add(position, answer);
            draft = new Draft(question, choices, position);
        }
        draft.check(settings);
        if (!items.claim(task, draft.question(), seedQuestions, settings.nearCopy())) {
            throw new Draft.Refused("near-copy", "the question copies a seed or an earlier item of " + task);
        }
        try {
            return GeneratedItem.of(task, seedIds, draft.question(), draft.choices(), draft.answer(), run.method(),
                    llm.model(), promptVersion);
        } catch (InvalidMessageException e) {
            items.release(task, draft.question());
            throw new Draft.Refused("invalid", e.getMessage());
        }
    }

    /**
     * The teacher's answer (its reasoning removed); an answer cut at the token limit is refused as
     * {@code truncated}, a model declining to answer as {@code refused}.
     */
    private String ask(String prompt) throws Draft.Refused {
        ChatTeacher.Reply reply;
        try {
            reply = llm.chat(new ChatTeacher.Request(PromptTemplate.WRITER_SYSTEM, prompt,
                    settings.maxTokens(), settings.temperature(), 0));
        } catch (TeacherException e) {
            if (e.kind() == TeacherException.Kind.REFUSED) {
                throw new Draft.Refused("refused", e.getMessage());
            }
            throw e;
        }
        if (reply.truncated()) {
            throw new Draft.Refused("truncated", "the answer stopped at the token limit (" + settings.maxTokens()
                    + " tokens, mcqa.generation.max-tokens); a reasoning model may spend it all on reasoning");
        }
        return reply.text();
    }

    private List<Seed> sample(List<Seed> taskSeeds, Random random) {
        List<Seed> shuffled = new ArrayList<>(taskSeeds.stream()
                .filter(seed -> !(settings.holdOutSeeds() && HeldOutSeeds.isHeldOut(seed))).toList());
        shuffled.sort((a, b) -> a.id().compareTo(b.id()));
        Collections.shuffle(shuffled, random);
        return shuffled.subList(0, Math.min(settings.examples(), shuffled.size()));
    }

    private static String render(List<Seed> examples) {
        return ItemText.examples(examples.stream().map(seed -> new ItemText.Item(seed.question(), seed.choices(), seed.answer())).toList());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        workers.shutdownNow();
    }
}
