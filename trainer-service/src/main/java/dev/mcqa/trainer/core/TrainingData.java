package dev.mcqa.trainer.core;

import dev.mcqa.contract.HeldOutSeeds;
import dev.mcqa.contract.NearCopies;
import dev.mcqa.contract.ScoredItem;
import dev.mcqa.contract.Seed;
import dev.mcqa.encoding.McqaEncoder;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.student.training.TrainingExample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run learns from, built from a dataset snapshot, and what was left out and why:
 * <ul>
 * <li>held-out seeds (when evaluating on seeds);</li>
 * <li>any seed or scored item that is a near-copy ({@link NearCopies#ITEM_THRESHOLD}, question and
 *     choices) of a held-out question: MMLU repeats questions across tasks, and a seed may be posted
 *     that is an evaluation item;</li>
 * <li>scored items without a letter signal ({@link ScoredItem#withoutLetterSignal}): their
 *     probabilities are position noise, not the teacher's knowledge;</li>
 * <li>one scored item in ten (by id), kept to measure the student's agreement with the teacher on
 *     items it was not trained on.</li>
 * </ul>
 */
public final class TrainingData {
    private final List<TrainingExample> examples;
    private final List<String> tasks;
    private final List<ScoredItem> teacherHeldOut;
    private final Map<String, Integer> leftOut;

    private TrainingData(List<TrainingExample> examples, List<String> tasks, List<ScoredItem> teacherHeldOut, Map<String, Integer> leftOut) {
        this.examples = examples;
        this.tasks = tasks;
        this.teacherHeldOut = teacherHeldOut;
        this.leftOut = leftOut;
    }

    public static TrainingData of(Dataset.Snapshot snapshot, HeldOut heldOut, TrainerSettings settings) {
        NearCopies evaluated = new NearCopies(NearCopies.ITEM_THRESHOLD);
        heldOut.all().forEach(q -> evaluated.add(NearCopies.itemText(q.question(), q.choices())));
        List<TrainingExample> examples = new ArrayList<>();
        List<String> tasks = new ArrayList<>();
        List<ScoredItem> teacherHeldOut = new ArrayList<>();
        Map<String, Integer> leftOut = new LinkedHashMap<>();
        leftOut.put("heldOutSeeds", 0);
        leftOut.put("nearCopiesOfHeldOut", 0);
        leftOut.put("noLetterSignal", 0);
        leftOut.put("teacherAgreementItems", 0);
        for (Seed seed : snapshot.seeds()) {
            if (settings.evaluationDir() == null && HeldOutSeeds.isHeldOut(seed)) {
                leftOut.merge("heldOutSeeds", 1, Integer::sum);
            } else if (evaluated.matches(NearCopies.itemText(seed.question(), seed.choices()))) {
                leftOut.merge("nearCopiesOfHeldOut", 1, Integer::sum);
            } else {
                examples.add(new TrainingExample(new McqaInput(seed.question(), seed.choices()), null, seed.answer(), settings.seedWeight()));
                tasks.add(seed.task());
            }
        }
        for (ScoredItem scored : snapshot.scored()) {
            if (scored.withoutLetterSignal(settings.minLetterMass())) {
                leftOut.merge("noLetterSignal", 1, Integer::sum);
            } else if (evaluated.matches(NearCopies.itemText(scored.item().question(), scored.item().choices()))) {
                leftOut.merge("nearCopiesOfHeldOut", 1, Integer::sum);
            } else if (forTeacherAgreement(scored)) {
                teacherHeldOut.add(scored);
                leftOut.merge("teacherAgreementItems", 1, Integer::sum);
            } else {
                float[] teacher = new float[scored.probabilities().size()];
                for (int i = 0; i < teacher.length; i++) {
                    teacher[i] = scored.probabilities().get(i).floatValue();
                }
                int label = settings.intendedAnswers() ? scored.item().intendedAnswer() : -1;
                examples.add(new TrainingExample(new McqaInput(scored.item().question(), scored.item().choices()), teacher, label, 1f));
                tasks.add(scored.task());
            }
        }
        return new TrainingData(List.copyOf(examples), List.copyOf(tasks), List.copyOf(teacherHeldOut), leftOut);
    }

    /** One scored item in ten, by id: never trained on, used to measure agreement with the teacher. */
    static boolean forTeacherAgreement(ScoredItem scored) {
        return Integer.parseInt(scored.item().id().substring(0, 2), 16) % 10 == 0;
    }

    public List<TrainingExample> examples() {
        return examples;
    }

    public List<ScoredItem> teacherHeldOut() {
        return teacherHeldOut;
    }

    /** How many were left out, by reason. */
    public Map<String, Integer> leftOut() {
        return leftOut;
    }

    /**
     * The dataset summary of a run (logged and in the model card): examples, overall and per task, what was left out, and
     * the share of (question, choice) pairs longer than the encoder's maximum length, whose question
     * the encoder cuts, overall and per task, for the training examples and the held-out questions.
     */
    public Map<String, Object> summary(McqaEncoder encoder, HeldOut heldOut) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("examples", examples.size());
        Map<String, Integer> byTask = new TreeMap<>();
        tasks.forEach(task -> byTask.merge(task, 1, Integer::sum));
        summary.put("examplesByTask", byTask);
        summary.put("leftOut", leftOut);
        summary.put("heldOutQuestions", Map.of("validation", heldOut.validation().size(), "test", heldOut.test().size()));
        summary.put("maxLength", encoder.maxLength());
        List<McqaInput> inputs = examples.stream().map(TrainingExample::input).toList();
        summary.put("truncatedPairsTraining", truncation(encoder, inputs, tasks));
        List<Seed> questions = heldOut.all();
        summary.put("truncatedPairsHeldOut", truncation(encoder, questions.stream().map(q -> new McqaInput(q.question(), q.choices())).toList(),
                questions.stream().map(Seed::task).toList()));
        return summary;
    }

    /** Share of pairs cut: "all" and per task (tasks with none cut are left out), rounded to 4 places. */
    static Map<String, Double> truncation(McqaEncoder encoder, List<McqaInput> inputs, List<String> tasks) {
        Map<String, int[]> byTask = new TreeMap<>();
        int cut = 0;
        int pairs = 0;
        for (int i = 0; i < inputs.size(); i++) {
            int truncated = encoder.truncatedPairs(inputs.get(i));
            int n = inputs.get(i).choices().size();
            int[] counts = byTask.computeIfAbsent(tasks.get(i), t -> new int[2]);
            counts[0] += truncated;
            counts[1] += n;
            cut += truncated;
            pairs += n;
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        shares.put("all", pairs == 0 ? 0 : round((double) cut / pairs));
        byTask.forEach((task, counts) -> {
            if (counts[0] > 0) {
                shares.put(task, round((double) counts[0] / counts[1]));
            }
        });
        return shares;
    }

    private static double round(double share) {
        return Math.round(share * 10_000) / 10_000.0;
    }
}
