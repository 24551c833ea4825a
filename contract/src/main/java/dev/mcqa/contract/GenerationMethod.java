package dev.mcqa.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a generated item was written. */
public enum GenerationMethod {
    /** One teacher call returns question, choices and answer as one JSON object. */
    @JsonProperty("json") JSON,
    /** Separate teacher calls: the question, then the correct answer, then the distractors. */
    @JsonProperty("decomposed") DECOMPOSED,
    /** Drawn from a labelled question bank by the simulated teacher; never written by an LLM. */
    @JsonProperty("bank") BANK
}
