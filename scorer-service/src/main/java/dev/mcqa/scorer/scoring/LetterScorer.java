package dev.mcqa.scorer.scoring;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.ScoringMethod;
import dev.mcqa.teacher.ChatTeacher;
import dev.mcqa.teacher.AnswerLetters;
import dev.mcqa.teacher.PromptTemplate;
import dev.mcqa.teacher.TeacherException;
import dev.mcqa.teacher.simulated.SimulatedTeacher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * The teacher's probability for every choice of an item. Primary: the log-probabilities of the answer
 * letter (one completion token, top-k alternatives), summing every spelling a tokenizer produces
 * ("A", " A", "A.", "(A"), renormalised over the choices. A letter absent from the top list gets the
 * probability of the list's last entry (the most an absent token can have) and the record says so.
 *
 * <p>Position debiasing: LLMs add a bias to some letters whatever the content. Under that additive
 * bias on the letters' logits, the choices are shown in every cyclic order (as many orders as
 * choices, so each choice takes each position once) and their log-probabilities averaged, then
 * normalised: the bias, equal for a position in every order, cancels exactly. Averaging
 * probabilities instead would not remove it.
 *
 * <p>Endpoints without log-probs (or refusing them): frequencies of the answer letter over n sampled
 * completions, add-one smoothed, combined the same way; with {@code sampleWithoutLetterSignal}, also
 * items whose answer token holds no letter signal, the teacher then allowed to reason first. With
 * the simulated teacher: its deterministic, labelled scores.
 */
public final class LetterScorer {
    private static final Logger LOG = Logger.getLogger(LetterScorer.class.getName());
    private final ChatTeacher teacher;
    private final SimulatedTeacher simulated;
    private final ScoringSettings settings;
    private final PromptTemplate prompt = PromptTemplate.load("score-letter-v1");
    private volatile boolean logprobsRefused;

    /** Exactly one of {@code teacher} (an LLM) and {@code simulated} is given. */
    public LetterScorer(ChatTeacher teacher, SimulatedTeacher simulated, ScoringSettings settings) {
        if ((teacher == null) == (simulated == null)) {
            throw new IllegalArgumentException("give either an LLM teacher or the simulated teacher");
        }
        this.teacher = teacher;
        this.simulated = simulated;
        this.settings = settings;
    }

    public ScoredItem score(GeneratedItem item) {
        if (simulated != null) {
            return ScoredItem.of(item, simulated.probabilities(item), SimulatedTeacher.NAME, ScoringMethod.SIMULATED, 1, List.of());
        }
        int n = item.choices().size();
        int orders = settings.debias() ? n : 1;
        double[] logSum = new double[n];
        TreeSet<Integer> floored = new TreeSet<>();
        ScoringMethod method = ScoringMethod.LOGPROBS;
        double letterMass = 1;
        for (int shift = 0; shift < orders; shift++) {
            Order order = new Order(n, shift);
            ChatTeacher.Reply reply = logprobsRefused ? null : withLogprobs(item, order);
            double[] shown;
            if (reply != null && !reply.firstToken().isEmpty()) {
                AnswerLetters.LetterProbabilities letters = AnswerLetters.fromLogprobs(reply.firstToken(), n);
                if (letters.mass() < settings.minLetterMass()) {
                    NoLetterSignalException noSignal = new NoLetterSignalException(letters.mass(), reply.firstToken().get(0).token(),
                            settings.minLetterMass());
                    if (!settings.sampleWithoutLetterSignal()) {
                        throw noSignal;
                    }
                    LOG.fine(() -> "item " + item.id() + ": " + noSignal.getMessage() + "; scoring it by sampling with reasoning");
                    return bySampling(item, orders, true);
                }
                letters.floored().forEach(position -> floored.add(order.original(position)));
                letterMass = Math.min(letterMass, letters.mass());
                shown = letters.probabilities();
            } else {
                method = ScoringMethod.SAMPLING;
                shown = fromSamples(item, order, reply == null ? null : reply.text(), false);
            }
            add(logSum, order, shown);
        }
        return ScoredItem.of(item, softmax(logSum, orders), teacher.model(), method, orders, List.copyOf(floored),
                method == ScoringMethod.LOGPROBS ? letterMass : null);
    }

    /** Every order scored by sampling; {@code reasoning}: the teacher may reason first (no reasoning-off sent). */
    private ScoredItem bySampling(GeneratedItem item, int orders, boolean reasoning) {
        double[] logSum = new double[item.choices().size()];
        for (int shift = 0; shift < orders; shift++) {
            Order order = new Order(item.choices().size(), shift);
            add(logSum, order, fromSamples(item, order, null, reasoning));
        }
        return ScoredItem.of(item, softmax(logSum, orders), teacher.model(), ScoringMethod.SAMPLING, orders, List.of(), null);
    }

    private static void add(double[] logSum, Order order, double[] shown) {
        for (int position = 0; position < shown.length; position++) {
            logSum[order.original(position)] += Math.log(shown[position]);
        }
    }

    /**
     * The answer-letter call with log-probabilities; null once the teacher has refused them (OpenAI's
     * reasoning models answer 403, Gemini 400): from then on this scorer samples, as for a server that
     * silently omits them. The refusal is logged once.
     */
    private ChatTeacher.Reply withLogprobs(GeneratedItem item, Order order) {
        try {
            return teacher.chat(request(item, order, 0, settings.topLogprobs(), true));
        } catch (TeacherException e) {
            if (e.retryable() || !String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("logprob")) {
                throw e;
            }
            if (!logprobsRefused) {
                logprobsRefused = true;
                LOG.warning(() -> "teacher " + teacher.model() + " refuses log-probabilities (" + e.getMessage()
                        + "): scoring by sampling the answer letter from now on");
            }
            return null;
        }
    }

    /** The normalised geometric mean: softmax of the mean log-probabilities. */
    static List<Double> softmax(double[] logSum, int orders) {
        double max = Arrays.stream(logSum).max().orElse(0);
        double[] p = new double[logSum.length];
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp((logSum[i] - max) / orders);
            total += p[i];
        }
        List<Double> probabilities = new ArrayList<>(p.length);
        for (double value : p) {
            probabilities.add(value / total);
        }
        return probabilities;
    }

    /**
     * Frequencies of the answer letter over the configured number of samples (the reply at hand, if
     * any, counts as one), add-one smoothed. When no sample names a letter the counts would be the
     * smoothing alone, a flat distribution that says nothing: that is no letter signal.
     */
    private double[] fromSamples(GeneratedItem item, Order order, String firstReply, boolean reasoning) {
        int n = item.choices().size();
        double[] counts = new double[n];
        List<String> replies = new ArrayList<>();
        if (firstReply != null) {
            replies.add(firstReply);
        }
        while (replies.size() < settings.samples()) {
            replies.add(teacher.chat(request(item, order, settings.temperature(), 0, !reasoning)).text());
        }
        int named = 0;
        for (String reply : replies) {
            int position = AnswerLetters.answerLetter(reply, n);
            if (position >= 0) {
                counts[position]++;
                named++;
            }
        }
        if (named == 0) {
            throw new NoLetterSignalException(replies.size(), replies.get(0));
        }
        double total = named + n;
        for (int i = 0; i < n; i++) {
            counts[i] = (counts[i] + 1) / total;
        }
        return counts;
    }

    /** @param answerOnly reasoning turned off where configured; false lets the teacher reason first */
    private ChatTeacher.Request request(GeneratedItem item, Order order, double temperature, int topLogprobs, boolean answerOnly) {
        List<String> shown = new ArrayList<>();
        for (int position = 0; position < item.choices().size(); position++) {
            shown.add(item.choices().get(order.original(position)));
        }
        String user = prompt.fill(Map.of("task", item.task(), "question", item.question(), "choices", AnswerLetters.choiceLines(shown)));
        return new ChatTeacher.Request(PromptTemplate.ANSWERER_SYSTEM, user, topLogprobs > 0 ? 1 : AnswerLetters.SAMPLED_ANSWER_TOKENS, temperature, topLogprobs, answerOnly);
    }

    /** A cyclic order: the choice shown at position p is the original choice (p + shift) mod n. */
    record Order(int n, int shift) {
        int original(int position) {
            return (position + shift) % n;
        }
    }
}
