package dev.mcqa.trainer.core;

import dev.mcqa.contract.Seed;
import java.util.ArrayList;
import java.util.List;

/** Questions never trained on: the validation part decides the gate, the test part is reported. */
public record HeldOut(List<Seed> validation, List<Seed> test) {
    public List<Seed> all() {
        List<Seed> all = new ArrayList<>(validation);
        all.addAll(test);
        return all;
    }
}
