package dev.mcqa.scorer.scoring;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.ScoringMethod;
import dev.mcqa.teacher.ChatTeacher;
import dev.mcqa.teacher.ChatTeacher.TokenLogprob;
import dev.mcqa.teacher.PromptTemplate;
import dev.mcqa.teacher.simulated.SimulatedTeacher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The teacher's probability for every choice of an item. Primary: the log-probabilities of the answer
 * letter (one completion token, top-k alternatives), summing every spelling a tokenizer produces
 * ("A", " A", "A.", "(A"), renormalised over the choices; a letter absent from the top list gets the
 * floor probability and the record says so. Position debiasing: the choices are shown in several
 * cyclic orders and the probabilities averaged back in the original order (LLMs favour positions).
 * Endpoints without log-probs: frequencies of the first letter over n sampled completions, add-one
 * smoothed. With the simulated teacher: its deterministic, labelled scores.
 */
public final class LetterScorer {
    private static final String SYSTEM = "You answer multiple-choice questions with the letter of the correct choice only.";
    private final ChatTeacher teacher;
    private final SimulatedTeacher simulated;
    private final ScoringSettings settings;
    private final PromptTemplate prompt = PromptTemplate.load("score-letter-v1");

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
        int orders = Math.min(settings.permutations(), n);
        double[] sum = new double[n];
        TreeSet<Integer> floored = new TreeSet<>();
        ScoringMethod method = ScoringMethod.LOGPROBS;
        for (int k = 0; k < orders; k++) {
            int shift = k * n / orders;
            Order order = new Order(n, shift);
            ChatTeacher.Reply reply = teacher.chat(request(item, order, 0, settings.topLogprobs()));
            double[] shown;
            if (!reply.firstToken().isEmpty()) {
                shown = fromLogprobs(reply.firstToken(), n, floored, order);
            } else {
                method = ScoringMethod.SAMPLING;
                shown = fromSamples(item, order, reply.text());
            }
            for (int position = 0; position < n; position++) {
                sum[order.original(position)] += shown[position];
            }
        }
        List<Double> probabilities = new ArrayList<>(n);
        double total = 0;
        for (double s : sum) {
            total += s;
        }
        for (double s : sum) {
            probabilities.add(s / total);
        }
        return ScoredItem.of(item, probabilities, teacher.model(), method, orders, List.copyOf(floored));
    }

    /** Probabilities by shown position from the answer token's alternatives. */
    double[] fromLogprobs(List<TokenLogprob> alternatives, int n, TreeSet<Integer> floored, Order order) {
        double[] p = new double[n];
        for (TokenLogprob alternative : alternatives) {
            int position = letterIndex(alternative.token(), n);
            if (position >= 0) {
                p[position] += Math.exp(alternative.logprob());
            }
        }
        double total = 0;
        for (int position = 0; position < n; position++) {
            if (p[position] == 0) {
                p[position] = settings.floor();
                floored.add(order.original(position));
            }
            total += p[position];
        }
        for (int position = 0; position < n; position++) {
            p[position] /= total;
        }
        return p;
    }

    /** Frequencies of the first letter over the configured number of samples (the reply at hand counts as one), add-one smoothed. */
    private double[] fromSamples(GeneratedItem item, Order order, String firstReply) {
        int n = item.choices().size();
        double[] counts = new double[n];
        Arrays.fill(counts, 1);
        count(firstReply, counts);
        for (int s = 1; s < settings.samples(); s++) {
            count(teacher.chat(request(item, order, settings.temperature(), 0)).text(), counts);
        }
        double total = Arrays.stream(counts).sum();
        for (int i = 0; i < n; i++) {
            counts[i] /= total;
        }
        return counts;
    }

    private static void count(String reply, double[] counts) {
        String text = reply.strip();
        if (!text.isEmpty()) {
            int position = letterIndex(text.substring(0, Math.min(3, text.length())), counts.length);
            if (position >= 0) {
                counts[position]++;
            }
        }
    }

    /** The choice position a token spells ("A", " A", "A.", "(A)", "A:"), or -1. Lower-case "a" is not a letter answer. */
    static int letterIndex(String token, int n) {
        String core = token.strip().replaceAll("^[(\\[]+|[).:\\]]+$", "");
        if (core.length() != 1) {
            return -1;
        }
        int index = core.charAt(0) - 'A';
        return index >= 0 && index < n ? index : -1;
    }

    private ChatTeacher.Request request(GeneratedItem item, Order order, double temperature, int topLogprobs) {
        StringBuilder choices = new StringBuilder();
        for (int position = 0; position < item.choices().size(); position++) {
            choices.append((char) ('A' + position)).append(". ").append(item.choices().get(order.original(position))).append('\n');
        }
        String user = prompt.fill(Map.of("task", item.task(), "question", item.question(), "choices", choices.toString().strip()));
        return new ChatTeacher.Request(SYSTEM, user, 1, temperature, topLogprobs);
    }

    /** A cyclic order: the choice shown at position p is the original choice (p + shift) mod n. */
    record Order(int n, int shift) {
        int original(int position) {
            return (position + shift) % n;
        }
    }
}
