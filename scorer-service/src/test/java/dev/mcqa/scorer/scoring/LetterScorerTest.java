package dev.mcqa.scorer.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.GeneratedItem;
import dev.mcqa.contract.GenerationMethod;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.ScoringMethod;
import dev.mcqa.teacher.ChatTeacher;
import dev.mcqa.teacher.ChatTeacher.TokenLogprob;
import dev.mcqa.teacher.TeacherException;
import dev.mcqa.teacher.simulated.SimulatedTeacher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LetterScorerTest {
    private static final Pattern CHOICE = Pattern.compile("(?m)^([A-Z])\\. (.*)$");

    /**
     * A teacher that prefers the choice marked "[correct]" (logit 2) but also letter A (logit +bias),
     * and splits each letter over the spellings "X" and " X"; optionally without letter D.
     */
    static ChatTeacher biasedTeacher(double biasForA, boolean dropD) {
        return answering("biased-test-teacher", request -> {
            Matcher m = CHOICE.matcher(request.user());
            List<String[]> lines = new ArrayList<>();
            while (m.find()) {
                lines.add(new String[] {m.group(1), m.group(2)});
            }
            double[] logits = new double[lines.size()];
            double sum = 0;
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (lines.get(i)[1].contains("[correct]") ? 2 : 0) + (i == 0 ? biasForA : 0);
                sum += Math.exp(logits[i]);
            }
            List<TokenLogprob> top = new ArrayList<>();
            for (int i = 0; i < logits.length; i++) {
                if (dropD && lines.get(i)[0].equals("D")) {
                    continue;
                }
                double p = Math.exp(logits[i]) / sum;
                top.add(new TokenLogprob(lines.get(i)[0], Math.log(0.7 * p)));
                top.add(new TokenLogprob(" " + lines.get(i)[0], Math.log(0.3 * p)));
            }
            return new ChatTeacher.Reply(lines.get(0)[0], top);
        });
    }

    private static ChatTeacher answering(String model, java.util.function.Function<ChatTeacher.Request, ChatTeacher.Reply> answers) {
        return new ChatTeacher() {
            public String model() {
                return model;
            }

            public Reply chat(Request request) {
                return answers.apply(request);
            }
        };
    }

    private static GeneratedItem item(int correct, int i) {
        List<String> choices = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            choices.add((c == correct ? "[correct] " : "") + "choice " + c + " of " + i);
        }
        return GeneratedItem.of("law", List.of("s"), "Question " + i + "?", choices, correct, GenerationMethod.JSON, "t", "json-v1");
    }

    private static int argmax(List<Double> p) {
        int best = 0;
        for (int i = 1; i < p.size(); i++) {
            best = p.get(i) > p.get(best) ? i : best;
        }
        return best;
    }

    @Test
    void permutationDebiasingRemovesAPositionBias() {
        ChatTeacher biased = biasedTeacher(3.0, false);
        LetterScorer plain = new LetterScorer(biased, null, new ScoringSettings(false, 20, 5, 1.0, 0.5));
        LetterScorer debiased = new LetterScorer(biased, null, new ScoringSettings(true, 20, 5, 1.0, 0.5));
        int plainRight = 0;
        int debiasedRight = 0;
        for (int i = 0; i < 40; i++) {
            GeneratedItem item = item(1 + i % 3, i); // the correct choice is never first
            plainRight += argmax(plain.score(item).probabilities()) == item.intendedAnswer() ? 1 : 0;
            ScoredItem scored = debiased.score(item);
            debiasedRight += argmax(scored.probabilities()) == item.intendedAnswer() ? 1 : 0;
            assertEquals(4, scored.permutations());
            assertEquals(ScoringMethod.LOGPROBS, scored.scoringMethod());
        }
        System.out.printf("teacher biased to A: top-1 right %d/40 without debiasing, %d/40 with 4 cyclic orders%n", plainRight, debiasedRight);
        assertEquals(0, plainRight, "without debiasing, the bias to A wins every time");
        assertEquals(40, debiasedRight, "with debiasing, the content wins every time");
    }

    @Test
    void debiasingInLogSpaceRecoversTheUnbiasedDistribution() {
        ChatTeacher biased = biasedTeacher(3.0, false);
        ChatTeacher unbiased = biasedTeacher(0.0, false);
        LetterScorer debiased = new LetterScorer(biased, null, new ScoringSettings(true, 20, 5, 1.0, 0.5));
        LetterScorer reference = new LetterScorer(unbiased, null, new ScoringSettings(false, 20, 5, 1.0, 0.5));
        for (int correct = 0; correct < 4; correct++) {
            GeneratedItem item = item(correct, correct);
            List<Double> expected = reference.score(item).probabilities();
            List<Double> got = debiased.score(item).probabilities();
            double l1 = 0;
            for (int i = 0; i < 4; i++) {
                l1 += Math.abs(expected.get(i) - got.get(i));
            }
            assertTrue(l1 < 0.02, "L1 " + l1 + ": " + got + " against the unbiased " + expected);
            assertEquals(Math.exp(2) / (Math.exp(2) + 3), got.get(correct), 1e-9);
        }
    }

    @Test
    void fiveEqualChoicesWithABiasComeOutFlat() {
        List<String> choices = List.of("one", "two", "three", "four", "five");
        GeneratedItem item = GeneratedItem.of("law", List.of("s"), "Which is it?", choices, 0, GenerationMethod.JSON, "t", "json-v1");
        ScoredItem scored = new LetterScorer(biasedTeacher(3.0, false), null, new ScoringSettings(true, 20, 5, 1.0, 0.5)).score(item);
        assertEquals(5, scored.permutations(), "every choice in every position");
        double max = scored.probabilities().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double min = scored.probabilities().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertTrue(max / min < 1.05, "max/min " + max / min + ": " + scored.probabilities());
    }

    @Test
    void sumsEverySpellingAndFloorsMissingLettersAtTheListsCutoff() {
        LetterScorer scorer = new LetterScorer(biasedTeacher(0, true), null, new ScoringSettings(false, 20, 5, 1.0, 0.5));
        ScoredItem scored = scorer.score(item(2, 0));
        assertEquals(List.of(3), scored.flooredChoices());
        double sum = scored.probabilities().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(1.0, sum, 1e-9);
        assertEquals(2, argmax(scored.probabilities()));
        // Letters A-C sum both spellings; D, absent, gets the list's lowest entry: 0.3 / (e^2 + 3).
        double z = Math.exp(2) + 3;
        double floor = 0.3 / z;
        double total = (Math.exp(2) + 2) / z + floor;
        assertEquals(Math.exp(2) / z / total, scored.probabilities().get(2), 1e-9);
        assertEquals(floor / total, scored.probabilities().get(3), 1e-9);
        assertEquals((Math.exp(2) + 2) / z, scored.letterMass(), 1e-9, "the letters' share of the answer token");
    }

    @Test
    void aReasoningTeachersAnswerTokenIsNoSignalAndIsRefused() {
        // The first token of a thinking model (Qwen3, DeepSeek-R1 distills) is "<think>"; letters are far down the list.
        ChatTeacher thinking = answering("thinking-test-teacher", request -> new ChatTeacher.Reply("<think>", List.of(
                new TokenLogprob("<think>", Math.log(0.999)), new TokenLogprob("Okay", Math.log(9e-4)),
                new TokenLogprob("B", Math.log(1e-7)), new TokenLogprob("A", Math.log(5e-8)))));
        NoLetterSignalException refused = assertThrows(NoLetterSignalException.class,
                () -> new LetterScorer(thinking, null, new ScoringSettings(true, 20, 5, 1.0, 0.5)).score(item(1, 0)));
        assertTrue(refused.getMessage().startsWith("no-letter-mass: "), refused.getMessage());
        assertTrue(refused.getMessage().contains("'<think>'"), refused.getMessage());
    }

    @Test
    void fallsBackToSamplingWithoutLogprobs() {
        int[] calls = {0};
        ChatTeacher noLogprobs = answering("no-logprobs", request -> {
            calls[0]++;
            return new ChatTeacher.Reply(calls[0] % 5 == 0 ? "A" : "C", List.of());
        });
        ScoredItem scored = new LetterScorer(noLogprobs, null, new ScoringSettings(false, 20, 10, 1.0, 0.5)).score(item(2, 1));
        assertEquals(ScoringMethod.SAMPLING, scored.scoringMethod());
        assertEquals(10, calls[0]);
        // 8 x C, 2 x A over 10 samples, add-one smoothed over 4 choices.
        double[] expected = {3 / 14.0, 1 / 14.0, 9 / 14.0, 1 / 14.0};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], scored.probabilities().get(i), 1e-12);
        }
    }

    @Test
    void aTeacherThatRefusesLogprobsIsScoredBySamplingFromThenOn() {
        int[] logprobCalls = {0};
        ChatTeacher refusing = answering("refusing-test-teacher", request -> {
            if (request.topLogprobs() > 0) {
                logprobCalls[0]++;
                // What the OpenAI adapter makes of o4-mini's 403 (recorded body: openai-logprobs-not-allowed-403.json).
                throw new TeacherException(TeacherException.Kind.REJECTED,
                        "HTTP 403: {\"error\": {\"message\": \"You are not allowed to request logprobs from this model\"}}", null);
            }
            return new ChatTeacher.Reply("C", List.of());
        });
        LetterScorer scorer = new LetterScorer(refusing, null, new ScoringSettings(true, 20, 4, 1.0, 0.5));
        for (int i = 0; i < 3; i++) {
            ScoredItem scored = scorer.score(item(2, i));
            assertEquals(ScoringMethod.SAMPLING, scored.scoringMethod());
        }
        assertEquals(1, logprobCalls[0], "asked once; the refusal is remembered");
    }

    @Test
    void theSimulatedTeacherScoresAreLabelled() {
        ScoredItem scored = new LetterScorer(null, new SimulatedTeacher(0.7, 0.6), new ScoringSettings(true, 20, 5, 1.0, 0.5)).score(item(1, 3));
        assertEquals(SimulatedTeacher.NAME, scored.scorer());
        assertEquals(ScoringMethod.SIMULATED, scored.scoringMethod());
    }

    /** A thinking model: its answer token is "<think>" (letters far down the list); let reason, it ends with the letter of choice C. */
    private static ChatTeacher thinksThenAnswersC(List<ChatTeacher.Request> requests) {
        return answering("thinking-test-teacher", request -> {
            requests.add(request);
            if (request.topLogprobs() > 0) {
                return new ChatTeacher.Reply("<think>", List.of(new TokenLogprob("<think>", Math.log(0.999)), new TokenLogprob("B", Math.log(1e-7))));
            }
            // The adapter has removed the <think> block; what is left is the model's final answer.
            return new ChatTeacher.Reply("The answer is " + (char) ('A' + positionOfC(request.user())) + ".", List.of());
        });
    }

    private static int positionOfC(String prompt) {
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("(?m)^([A-Z])\\. .*choice 2 of").matcher(prompt);
        return line.find() ? line.group(1).charAt(0) - 'A' : 0;
    }

    @Test
    void withoutLetterSignalAnItemCanBeReAskedLettingTheTeacherReasonThenReadingItsFinalLetter() {
        List<ChatTeacher.Request> requests = new ArrayList<>();
        ScoredItem scored = new LetterScorer(thinksThenAnswersC(requests), null, new ScoringSettings(true, 20, 3, 1.0, 0.5, true))
                .score(item(2, 0));
        assertEquals(ScoringMethod.SAMPLING, scored.scoringMethod());
        assertEquals(null, scored.letterMass(), "no log-prob distribution was used");
        // 3 samples in each of 4 orders, all naming choice 2: (3 + 1) / (3 + 4) in every order.
        assertEquals(4 / 7.0, scored.probabilities().get(2), 1e-9);
        List<ChatTeacher.Request> sampled = requests.stream().filter(r -> r.topLogprobs() == 0).toList();
        assertEquals(12, sampled.size());
        assertTrue(sampled.stream().noneMatch(ChatTeacher.Request::answerOnly), "the re-asked calls let the model reason");
    }

    @Test
    void samplesThatNameNoLetterAreNoSignalNotAFlatDistribution() {
        // gpt-5 refusing log-probs, its budget spent inside the reasoning: every sampled answer is empty.
        ChatTeacher emptyAnswers = answering("budget-spent-test-teacher", request -> new ChatTeacher.Reply("", List.of(), true));
        NoLetterSignalException e = assertThrows(NoLetterSignalException.class,
                () -> new LetterScorer(emptyAnswers, null, new ScoringSettings(false, 20, 4, 1.0, 0.5)).score(item(2, 0)));
        assertTrue(e.getMessage().contains("reasoning-tokens"), e.getMessage());
    }
}
