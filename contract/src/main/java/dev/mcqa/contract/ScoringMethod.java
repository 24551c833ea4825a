package dev.mcqa.contract;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the teacher's probabilities over the choices were obtained. */
public enum ScoringMethod {
    /** Answer-letter log-probabilities of one completion token, renormalised over the choices. */
    @JsonProperty("logprobs") LOGPROBS,
    /** Answer frequencies over n sampled completions with add-one smoothing (endpoints without log-probs). */
    @JsonProperty("sampling") SAMPLING,
    /** The simulated teacher's probabilities; no LLM was asked. */
    @JsonProperty("simulated") SIMULATED
}
