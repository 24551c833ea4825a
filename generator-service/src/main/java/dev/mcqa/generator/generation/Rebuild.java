package dev.mcqa.generator.generation;

import dev.mcqa.contract.CatchUp;

/** How far the state rebuilt from mcqa.seeds and mcqa.generated has been re-read. */
public record Rebuild(CatchUp seeds, CatchUp items) {

    public boolean complete() {
        return seeds.caughtUp() && items.caughtUp();
    }

    public String describe() {
        return seeds.describe() + "; " + items.describe();
    }
}
