package dev.mcqa.trainer;

import dev.mcqa.contract.Json;
import dev.mcqa.contract.MmluSplit;
import dev.mcqa.contract.Seed;
import java.nio.file.Path;
import java.util.Map;

/**
 * Prints a question from the evaluation half of an MMLU-format directory (never trained on) as the
 * body of POST /v1/answers, and on a second line its correct answer's label. For bin/run-pipeline.
 * Arguments: mmlu-dir task [index, default 0].
 */
public final class HeldOutQuestion {
    public static void main(String[] args) {
        MmluSplit.Halves halves = MmluSplit.read(Path.of(args[0])).get(args[1]);
        if (halves == null) {
            throw new IllegalArgumentException("no task " + args[1] + " in " + args[0]);
        }
        Seed question = halves.evaluation().get(args.length > 2 ? Integer.parseInt(args[2]) : 0);
        System.out.println(Json.encode(Map.of("question", question.question(), "choices", question.choices(), "task", question.task())));
        System.out.println((char) ('A' + question.answer()));
    }
}
