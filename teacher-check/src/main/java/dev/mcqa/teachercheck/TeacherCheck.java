package dev.mcqa.teachercheck;

import dev.mcqa.teacher.AnswerLetters;
import dev.mcqa.teacher.ChatTeacher;
import dev.mcqa.teacher.ItemText;
import dev.mcqa.teacher.OpenAiTeacher.ReasoningOff;
import dev.mcqa.teacher.PromptTemplate;
import dev.mcqa.teacher.ServedModels;
import dev.mcqa.teacher.TeacherException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a teacher endpoint can do for this project, asked the way the services ask it (the same
 * prompts, the same reading of answers): whether it serves the model, whether it returns log-probs
 * and how much of the answer token falls on the choice letters with each way of turning reasoning
 * off, whether answers can be sampled instead, whether generated items parse, and the latency per
 * call; then the settings it recommends. Calls are not retried: the check shows the server as it is.
 */
public final class TeacherCheck {

    /** Makes a teacher for the endpoint with these reasoning controls and reasoning budget. */
    public interface Teachers {
        ChatTeacher with(Control control, int reasoningTokens);
    }

    /** A way of asking for the answer without reasoning first, as mcqa.teacher.reasoning-off and reasoning-effort set it. */
    public record Control(ReasoningOff off, String effort) {
        String label() {
            return switch (off) {
                case NONE -> "no reasoning control";
                case CHAT_TEMPLATE_KWARGS -> "chat_template_kwargs enable_thinking=false";
                case REASONING_EFFORT -> "reasoning_effort=" + effort;
            };
        }

        void addSettingsTo(Map<String, String> settings) {
            if (off != ReasoningOff.NONE) {
                settings.put("MCQA_TEACHER_REASONING_OFF", off.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            if (off == ReasoningOff.REASONING_EFFORT) {
                settings.put("MCQA_TEACHER_REASONING_EFFORT", effort);
            }
        }
    }

    public enum Verdict { USABLE, USABLE_BY_SAMPLING, NOT_USABLE }

    /** @param settings environment variables to set for generator-service and scorer-service */
    public record Report(Verdict verdict, List<String> lines, Map<String, String> settings) {
    }

    record Probe(String question, List<String> choices, int answer) {
    }

    static final List<Control> CONTROLS = List.of(new Control(ReasoningOff.NONE, ""), new Control(ReasoningOff.CHAT_TEMPLATE_KWARGS, ""),
            new Control(ReasoningOff.REASONING_EFFORT, "minimal"), new Control(ReasoningOff.REASONING_EFFORT, "none"));
    /** The reasoning budget tried when an answer ends inside the reasoning. */
    static final int REASONING_BUDGET = 4096;
    /** mcqa.scoring.min-letter-mass's default. */
    static final double MIN_LETTER_MASS = 0.5;
    /** mcqa.generation.max-tokens's default. */
    static final int GENERATION_TOKENS = 512;
    static final List<Probe> PROBES = List.of(
            new Probe("Which planet is closest to the Sun?", List.of("Venus", "Mercury", "Earth", "Mars"), 1),
            new Probe("What is the chemical symbol for gold?", List.of("Ag", "Fe", "Au", "Pb"), 2),
            new Probe("How many sides does a hexagon have?", List.of("Six", "Five", "Eight", "Seven"), 0));
    private static final String TASK = "general_knowledge";

    private final String baseUrl;
    private final String model;
    private final String apiKey;
    private final Teachers teachers;
    private final List<String> lines = new ArrayList<>();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<Long> latenciesMillis = new ArrayList<>();
    private final PromptTemplate letterPrompt = PromptTemplate.load("score-letter-v1");

    public TeacherCheck(String baseUrl, String model, String apiKey, Teachers teachers) {
        this.baseUrl = baseUrl;
        this.model = model;
        this.apiKey = apiKey;
        this.teachers = teachers;
    }

    public Report run() {
        line("teacher", model + " at " + baseUrl);
        ServedModels.Check served = ServedModels.check(baseUrl, apiKey, model, java.time.Duration.ofSeconds(10));
        line("model", served.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + served.message());
        if (served.verdict() == ServedModels.Verdict.NOT_SERVED) {
            return report(Verdict.NOT_USABLE, "the model is not served: set MCQA_TEACHER_MODEL to one of " + served.served());
        }
        Verdict scoring;
        int reasoningTokens = 0;
        try {
            Optional<Control> byLogprobs = scoringByLogprobs();
            if (byLogprobs.isPresent()) {
                byLogprobs.get().addSettingsTo(settings);
                scoring = Verdict.USABLE;
            } else {
                // Log-probs without letter signal: the scorer re-asks letting the model reason, with no control sent.
                boolean reasons = settings.containsKey("MCQA_SCORING_NO_LETTER_SIGNAL");
                Optional<int[]> sampled = scoringBySampling(reasons ? CONTROLS.subList(0, 1) : CONTROLS);
                if (sampled.isEmpty()) {
                    return report(Verdict.NOT_USABLE, "no way of asking gave the answer letter: the scorer would dead-letter every item as no-letter-mass");
                }
                reasoningTokens = sampled.get()[0];
                scoring = Verdict.USABLE_BY_SAMPLING;
            }
            reasoningTokens = Math.max(reasoningTokens, generation(reasoningTokens));
        } catch (Unreachable e) {
            return report(Verdict.NOT_USABLE, "the endpoint did not answer: " + e.getMessage());
        }
        if (reasoningTokens > 0) {
            settings.put("MCQA_TEACHER_REASONING_TOKENS", Integer.toString(reasoningTokens));
        }
        return report(scoring, scoring == Verdict.USABLE ? "scores from log-probs" : "scores by sampling answers (no usable log-probs)");
    }

    /** The first control (in the order of {@link #CONTROLS}) whose answer tokens hold the letters; empty when none does. */
    private Optional<Control> scoringByLogprobs() {
        for (Control control : CONTROLS) {
            ChatTeacher teacher = teachers.with(control, 0);
            List<Double> masses = new ArrayList<>();
            int agreeing = 0;
            String topToken = "";
            for (Probe probe : PROBES) {
                ChatTeacher.Reply reply;
                try {
                    reply = timed(() -> teacher.chat(letterRequest(probe, 20)));
                } catch (TeacherException e) {
                    if (e.getMessage().toLowerCase(Locale.ROOT).contains("logprob")) {
                        line("log-probs", "refused: " + brief(e));
                        return Optional.empty();
                    }
                    line("log-probs", control.label() + ": not accepted: " + brief(e));
                    masses.clear();
                    break;
                }
                if (reply.firstToken().isEmpty()) {
                    line("log-probs", "not returned (the server ignores the request for them)");
                    return Optional.empty();
                }
                AnswerLetters.LetterProbabilities letters = AnswerLetters.fromLogprobs(reply.firstToken(), probe.choices().size());
                masses.add(letters.mass());
                topToken = reply.firstToken().get(0).token();
                agreeing += argmax(letters.probabilities()) == probe.answer() ? 1 : 0;
            }
            if (masses.isEmpty()) {
                continue;
            }
            double mean = masses.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            line("log-probs", String.format(Locale.ROOT, "%s: letter mass %.3f (most likely answer token '%s'; %d of %d probes answered as the key)",
                    control.label(), mean, topToken, agreeing, PROBES.size()));
            if (mean >= MIN_LETTER_MASS) {
                return Optional.of(control);
            }
        }
        line("log-probs", "returned, but no control put the letter mass above " + MIN_LETTER_MASS + ": the model reasons before answering");
        settings.put("MCQA_SCORING_NO_LETTER_SIGNAL", "sample");
        return Optional.empty();
    }

    /**
     * Sampled answers with each control, first without a reasoning budget and then with one; the
     * reasoning budget that worked (in a one-element array), or empty.
     */
    private Optional<int[]> scoringBySampling(List<Control> controls) {
        List<Control> accepted = new ArrayList<>(controls);
        for (int budget : new int[] {0, REASONING_BUDGET}) {
            for (Control control : List.copyOf(accepted)) {
                ChatTeacher teacher = teachers.with(control, budget);
                int named = 0;
                String first = null;
                try {
                    for (Probe probe : PROBES) {
                        String text = timed(() -> teacher.chat(letterRequest(probe, 0))).text();
                        first = first == null ? text : first;
                        named += AnswerLetters.answerLetter(text, probe.choices().size()) >= 0 ? 1 : 0;
                    }
                } catch (TeacherException e) {
                    line("sampling", control.label() + ": not accepted: " + brief(e));
                    accepted.remove(control);
                    continue;
                }
                line("sampling", String.format(Locale.ROOT, "%s, reasoning-tokens %d: a letter read in %d of %d answers (first: '%s')",
                        control.label(), budget, named, PROBES.size(), abbreviate(first)));
                if (named == PROBES.size()) {
                    control.addSettingsTo(settings);
                    return Optional.of(new int[] {budget});
                }
            }
        }
        return Optional.empty();
    }

    /** JSON and decomposed generation; the reasoning budget they needed (0 when the default was enough). */
    private int generation(int reasoningTokens) {
        int needed = 0;
        for (int budget : reasoningTokens > 0 ? new int[] {reasoningTokens} : new int[] {0, REASONING_BUDGET}) {
            ChatTeacher teacher = teachers.with(CONTROLS.get(0), budget);
            String json = generationOutcome(() -> jsonItem(teacher));
            String decomposed = generationOutcome(() -> decomposed(teacher));
            line("generation", "reasoning-tokens " + budget + ": json " + json + "; decomposed " + decomposed);
            needed = budget;
            if (!json.startsWith("truncated") && !decomposed.startsWith("truncated")) {
                break;
            }
        }
        return needed;
    }

    private String jsonItem(ChatTeacher teacher) throws ItemText.Unreadable, Truncated {
        String prompt = PromptTemplate.load("json-v1").fill(Map.of("task", TASK, "examples", examples(), "choices", "4",
                "choice_slots", String.join(", ", Collections.nCopies(4, "\"...\""))));
        ItemText.Item item = ItemText.jsonItem(write(teacher, prompt));
        return "parses (" + item.choices().size() + " choices: '" + abbreviate(item.question()) + "')";
    }

    private String decomposed(ChatTeacher teacher) throws Truncated {
        String question = write(teacher, PromptTemplate.load("decomposed-question-v1").fill(Map.of("task", TASK, "examples", examples()))).strip();
        String answer = write(teacher, PromptTemplate.load("decomposed-answer-v1").fill(Map.of("task", TASK, "question", question))).strip();
        List<String> wrong = ItemText.distractors(write(teacher, PromptTemplate.load("decomposed-distractors-v1")
                .fill(Map.of("task", TASK, "question", question, "answer", answer, "count", "3"))));
        return question.isEmpty() || answer.isEmpty() || wrong.size() != 3
                ? "does not parse (question " + !question.isEmpty() + ", answer " + !answer.isEmpty() + ", " + wrong.size() + " of 3 distractors)"
                : "parses ('" + abbreviate(question) + "')";
    }

    private interface Outcome {
        String get() throws ItemText.Unreadable, Truncated;
    }

    private String generationOutcome(Outcome outcome) {
        try {
            return outcome.get();
        } catch (ItemText.Unreadable e) {
            return "does not parse (" + e.reason() + ": " + e.getMessage() + ")";
        } catch (Truncated e) {
            return "truncated (the answer stopped at the token limit)";
        } catch (TeacherException e) {
            return "failed: " + brief(e);
        }
    }

    private String write(ChatTeacher teacher, String prompt) throws Truncated {
        ChatTeacher.Reply reply = timed(() -> teacher.chat(new ChatTeacher.Request(PromptTemplate.WRITER_SYSTEM, prompt, GENERATION_TOKENS, 0.7, 0)));
        if (reply.truncated()) {
            throw new Truncated();
        }
        return reply.text();
    }

    private static final class Truncated extends Exception {
    }

    /** The endpoint could not be reached at all. */
    private static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message);
        }
    }

    private ChatTeacher.Request letterRequest(Probe probe, int topLogprobs) {
        String user = letterPrompt.fill(Map.of("task", TASK, "question", probe.question(), "choices", AnswerLetters.choiceLines(probe.choices())));
        return new ChatTeacher.Request(PromptTemplate.ANSWERER_SYSTEM, user, topLogprobs > 0 ? 1 : AnswerLetters.SAMPLED_ANSWER_TOKENS,
                topLogprobs > 0 ? 0 : 1, topLogprobs, true);
    }

    private static String examples() {
        return ItemText.examples(PROBES.stream().map(p -> new ItemText.Item(p.question(), p.choices(), p.answer())).toList());
    }

    /** A call, timed; an endpoint that cannot be reached ends the check. */
    private <T> T timed(Supplier<T> call) {
        long start = System.nanoTime();
        try {
            T result = call.get();
            latenciesMillis.add((System.nanoTime() - start) / 1_000_000);
            return result;
        } catch (TeacherException e) {
            if (e.kind() == TeacherException.Kind.UNAVAILABLE || e.kind() == TeacherException.Kind.TIMEOUT) {
                throw new Unreachable(brief(e));
            }
            throw e;
        }
    }

    private Report report(Verdict verdict, String why) {
        if (!latenciesMillis.isEmpty()) {
            List<Long> sorted = latenciesMillis.stream().sorted().toList();
            line("latency", "median " + sorted.get(sorted.size() / 2) + " ms, slowest " + sorted.get(sorted.size() - 1) + " ms over "
                    + sorted.size() + " calls");
        }
        line("verdict", verdict.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + why);
        if (verdict != Verdict.NOT_USABLE) {
            line("settings", settings.isEmpty() ? "none needed beyond MCQA_TEACHER_BASE_URL and MCQA_TEACHER_MODEL"
                    : String.join(" ", settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        return new Report(verdict, List.copyOf(lines), Map.copyOf(settings));
    }

    private void line(String topic, String text) {
        lines.add(String.format(Locale.ROOT, "%-11s %s", topic, text));
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        return best;
    }

    private static String brief(TeacherException e) {
        return abbreviate(e.getMessage().replaceAll("\\s+", " "));
    }

    private static String abbreviate(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() > 120 ? flat.substring(0, 120) + "..." : flat;
    }
}
