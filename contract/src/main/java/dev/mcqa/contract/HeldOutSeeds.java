package dev.mcqa.contract;

/**
 * When a deployment evaluates on its own seeds (the trainer's {@code evaluation-dir=seeds}), one seed
 * in five is held out: never trained on, and never shown to the teacher as an example (else the
 * generated items could copy it). Both services apply this one rule, a function of the seed id.
 */
public final class HeldOutSeeds {
    private HeldOutSeeds() {
    }

    public static boolean isHeldOut(Seed seed) {
        return Integer.parseInt(seed.id().substring(0, 2), 16) % 5 == 0;
    }
}
