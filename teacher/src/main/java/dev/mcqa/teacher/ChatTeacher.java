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
     * @param answerOnly  the answer must come first (a letter to score): the teacher's reasoning is
     *                    turned off where the server is configured to allow it
     */
    record Request(String system, String user, int maxTokens, double temperature, int topLogprobs, boolean answerOnly) {
        public Request(String system, String user, int maxTokens, double temperature, int topLogprobs) {
            this(system, user, maxTokens, temperature, topLogprobs, false);
        }
    }

    /**
     * @param text       the answer's content, without any reasoning the server returned apart
     *                   ({@code reasoning_content}) or inline ({@code <think>...</think>})
     * @param firstToken the alternatives for the first generated token with their log-probabilities;
     *                   empty when none were asked for or the endpoint does not give them
     * @param truncated  the answer stopped at the token limit ({@code finish_reason: "length"})
     */
    record Reply(String text, List<TokenLogprob> firstToken, boolean truncated) {
        public Reply {
            firstToken = List.copyOf(firstToken);
        }

        public Reply(String text, List<TokenLogprob> firstToken) {
            this(text, firstToken, false);
        }
    }

    record TokenLogprob(String token, double logprob) {
    }
}
