package dev.mcqa.teacher;

import dev.mcqa.teacher.ChatTeacher.TokenLogprob;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a teacher's answer to a multiple-choice prompt is read: the choice letters among the answer
 * token's alternatives (every spelling a tokenizer produces), and the final letter of a written answer.
 */
public final class AnswerLetters {
    private static final Pattern ANSWER_IS = Pattern.compile("(?i:answer)(?:\\s+is)?\\s*[:=]?\\s*[(*\\[]*([A-Z])\\b");

    /** Tokens a sampled answer may take: the letter and a few around it ("B. Paris", "Answer: B"); a reasoning model's budget comes on top. */
    public static final int SAMPLED_ANSWER_TOKENS = 8;

    private AnswerLetters() {
    }

    /** The choices as a prompt shows them, one per line: "A. first", "B. second", ... */
    public static String choiceLines(List<String> choices) {
        StringBuilder lines = new StringBuilder();
        for (int position = 0; position < choices.size(); position++) {
            lines.append((char) ('A' + position)).append(". ").append(choices.get(position)).append('\n');
        }
        return lines.toString().strip();
    }

    /**
     * @param probabilities by shown position, renormalised over the letters
     * @param mass          the summed probability of every letter spelling, before renormalising
     * @param floored       positions whose letter was absent from the list
     */
    public record LetterProbabilities(double[] probabilities, double mass, List<Integer> floored) {
    }

    /** Probabilities by shown position from the answer token's alternatives. */
    public static LetterProbabilities fromLogprobs(List<TokenLogprob> alternatives, int n) {
        double[] p = new double[n];
        double lowest = 1;
        for (TokenLogprob alternative : alternatives) {
            double probability = Math.exp(alternative.logprob());
            lowest = Math.min(lowest, probability);
            int position = letterIndex(alternative.token(), n);
            if (position >= 0) {
                p[position] += probability;
            }
        }
        double mass = 0;
        for (double value : p) {
            mass += value;
        }
        // A token missing from the top list is at most as likely as the list's last entry.
        double floor = Math.max(lowest, Double.MIN_NORMAL);
        List<Integer> floored = new ArrayList<>();
        double total = 0;
        for (int position = 0; position < n; position++) {
            if (p[position] == 0) {
                p[position] = floor;
                floored.add(position);
            }
            total += p[position];
        }
        for (int position = 0; position < n; position++) {
            p[position] /= total;
        }
        return new LetterProbabilities(p, Math.min(1, mass), floored);
    }

    /**
     * The choice an answer gives (its reasoning already removed by the teacher adapter): a letter at
     * its start ("B", "B. Paris", "(B)"), else the last "answer is B" / "Answer: (B)" in it; -1 for none.
     */
    public static int answerLetter(String reply, int n) {
        String text = reply.strip();
        if (text.isEmpty()) {
            return -1;
        }
        int first = letterIndex(text.split("\\s+", 2)[0].replace("*", ""), n);
        if (first >= 0) {
            return first;
        }
        Matcher stated = ANSWER_IS.matcher(text);
        int position = -1;
        while (stated.find()) {
            int index = stated.group(1).charAt(0) - 'A';
            position = index < n ? index : position;
        }
        return position;
    }

    /**
     * The choice position a token spells ("A", " A", "A.", "(A)", "A:", and the raw spellings of
     * byte-level BPE, "ĠA", and SentencePiece, "▁A", whose first character stands for a space), or
     * -1. Lower-case "a" is not a letter answer.
     */
    public static int letterIndex(String token, int n) {
        String core = token.replace('\u0120', ' ').replace('\u2581', ' ').strip().replaceAll("^[(\\[]+|[).:\\]]+$", "");
        if (core.length() != 1) {
            return -1;
        }
        int index = core.charAt(0) - 'A';
        return index >= 0 && index < n ? index : -1;
    }
}
