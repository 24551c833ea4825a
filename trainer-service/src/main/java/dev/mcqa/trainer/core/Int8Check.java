package dev.mcqa.trainer.core;

import dev.mcqa.contract.Seed;
import dev.mcqa.encoding.McqaInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a release's int8 form may stand in for its fp32 form: both answer the same questions, and
 * the int8 form must pick the fp32 form's choice on at least {@code minAgreement} of them and lose
 * no more than {@code maxAccuracyLoss} of accuracy (either way: a quantised model that differs a lot
 * is a different model, even when it happens to score higher).
 *
 * @param minAgreement    e.g. 0.99
 * @param maxAccuracyLoss e.g. 0.005 (half a point)
 */
public record Int8Check(double minAgreement, double maxAccuracyLoss) {
    /** What a release's int8 file must pass: 99% top-1 agreement, accuracy within half a point. */
    public static final Int8Check RELEASES = new Int8Check(0.99, 0.005);

    /** The decision and the figures behind it. */
    public record Result(boolean keep, PairedComparison comparison, double agreement, String reason) {
        public double fp32Accuracy() {
            return (double) comparison.referenceRight() / comparison.questions();
        }

        public double int8Accuracy() {
            return (double) comparison.candidateRight() / comparison.questions();
        }
    }

    public Result check(Evaluator.Predictor fp32, Evaluator.Predictor int8, List<Seed> questions) {
        if (questions.isEmpty()) {
            return new Result(false, PairedComparison.of(List.of(), List.of()), Double.NaN, "no evaluation questions to compare the two forms on");
        }
        List<McqaInput> inputs = questions.stream().map(s -> new McqaInput(s.question(), s.choices())).toList();
        List<double[]> full = fp32.probabilities(inputs);
        List<double[]> quantised = int8.probabilities(inputs);
        int agree = 0;
        List<Boolean> fullRight = new ArrayList<>();
        List<Boolean> quantisedRight = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            int a = Evaluator.argmax(full.get(i));
            int b = Evaluator.argmax(quantised.get(i));
            agree += a == b ? 1 : 0;
            fullRight.add(a == questions.get(i).answer());
            quantisedRight.add(b == questions.get(i).answer());
        }
        PairedComparison comparison = PairedComparison.of(quantisedRight, fullRight);
        double agreement = (double) agree / questions.size();
        boolean keep = agreement >= minAgreement && Math.abs(comparison.difference()) <= maxAccuracyLoss;
        String reason = String.format(Locale.ROOT, "on %d evaluation questions int8 picks the fp32 choice on %.2f%% (at least %.2f%% needed), "
                        + "accuracy %.2f%% against %.2f%% (at most %.2f points apart)", questions.size(), 100 * agreement, 100 * minAgreement,
                100 * comparison.candidateRight() / (double) questions.size(), 100 * comparison.referenceRight() / (double) questions.size(),
                100 * maxAccuracyLoss);
        return new Result(keep, comparison, agreement, (keep ? "int8 kept: " : "int8 left out: ") + reason);
    }
}
