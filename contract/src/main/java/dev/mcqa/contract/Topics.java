package dev.mcqa.contract;

/**
 * Topic names of the pipeline. The key of each topic, and why, is in docs/contract.md.
 */
public final class Topics {
    /** Raw seeds from any producer, in the JSON of POST /v1/seeds (no ids); the generator validates them into mcqa.seeds. */
    public static final String SEEDS_IN = "mcqa.seeds.in";
    /** Seed examples, keyed by task: a task's seeds stay in one partition, in order. */
    public static final String SEEDS = "mcqa.seeds";
    /** Teacher-written items, keyed by item id: scoring is per item, so ids spread the load. */
    public static final String GENERATED = "mcqa.generated";
    /** Items with teacher probabilities, keyed by item id and compacted: the trainer's dataset. */
    public static final String SCORED = "mcqa.scored";
    /** Model releases, keyed by task scope and compacted: the newest release per scope survives. */
    public static final String MODELS = "mcqa.models";

    private Topics() {
    }

    /** The dead-letter topic of one consuming service, e.g. {@code mcqa.dlq.generator-service}. */
    public static String deadLetter(String service) {
        return "mcqa.dlq." + service;
    }
}
