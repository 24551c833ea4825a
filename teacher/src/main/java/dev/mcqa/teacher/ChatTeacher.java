package dev.mcqa.teacher;

import java.util.List;

/** The teacher LLM behind an OpenAI-compatible chat endpoint, as generator and scorer use it. */
public interface ChatTeacher {

    /** The model's name, recorded as lineage in every message it contributes to. */
    String model();

    /** One chat completion; throws {@link TeacherException} when the endpoint fails. */
    Reply chat(Request request);

    /**
     * @param maxTokens   most tokens to generate
     * @param temperature sampling temperature (0 for the most likely answer)
     * @param topLogprobs how many alternatives of each generated token to return with log-probabilities; 0 for none
     */
    record Request(String system, String user, int maxTokens, double temperature, int topLogprobs) {
    }

    /**
     * @param firstToken the alternatives for the first generated token with their log-probabilities;
     *                   empty when none were asked for or the endpoint does not give them
     */
    record Reply(String text, List<TokenLogprob> firstToken) {
        public Reply {
            firstToken = List.copyOf(firstToken);
        }
    }

    record TokenLogprob(String token, double logprob) {
    }
}
