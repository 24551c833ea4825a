package dev.mcqa.teacher.config;

import dev.mcqa.teacher.ChatTeacher;
import dev.mcqa.teacher.OpenAiTeacher;
import dev.mcqa.teacher.ResilientTeacher;
import dev.mcqa.teacher.simulated.QuestionBank;
import dev.mcqa.teacher.simulated.SimulatedTeacher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;

/** The configured teacher: an LLM behind {@link ResilientTeacher}, or the simulated teacher, announced loudly. */
@ApplicationScoped
public class Teachers {
    private final TeacherConfig config;
    private final ResilientTeacher llm;
    private final SimulatedTeacher simulated;
    private volatile QuestionBank bank;

    @Inject
    public Teachers(TeacherConfig config, MeterRegistry meters) {
        this.config = config;
        this.simulated = new SimulatedTeacher(config.simulated().accuracy(), config.simulated().confidence());
        if (config.baseUrl().isPresent()) {
            llm = new ResilientTeacher(new OpenAiTeacher(new OpenAiTeacher.Settings(config.baseUrl().get(), config.model(),
                    config.apiKey().orElse(""), config.timeout(), config.reasoningOff(), config.reasoningEffort(),
                    config.reasoningTokens())), new ResilientTeacher.Settings(config.maxInFlight(),
                    config.initialBackoff(), config.maxBackoff(), config.giveUpAfter(), config.breakerThreshold(), config.breakerOpenFor()));
            Gauge.builder("mcqa.teacher.calls", llm, ResilientTeacher::calls).description("teacher calls made").register(meters);
            Gauge.builder("mcqa.teacher.in.flight", llm, ResilientTeacher::inFlight).description("teacher calls open now").register(meters);
            Gauge.builder("mcqa.teacher.retries", llm, ResilientTeacher::retries).description("teacher calls retried").register(meters);
            Gauge.builder("mcqa.teacher.failures", llm, ResilientTeacher::failures).description("teacher calls that failed").register(meters);
            Gauge.builder("mcqa.teacher.permanent.failures", llm, ResilientTeacher::permanentFailures)
                    .description("teacher calls refused for good (bad key, no quota, unknown model, bad request, refusal): not retried").register(meters);
            Log.infof("teacher: LLM %s at %s (%d calls in flight at most)", config.model(), config.baseUrl().get(), config.maxInFlight());
        } else {
            llm = null;
            Log.warnf("teacher: SIMULATED (no LLM: mcqa.teacher.base-url is not set). Items come from the MMLU bank half, "
                    + "scores from a simulated teacher of top-1 accuracy %.2f. Every message says 'simulated'.", config.simulated().accuracy());
        }
    }

    /** The LLM teacher, or empty when the simulated teacher is configured. */
    public Optional<ChatTeacher> llm() {
        return Optional.ofNullable(llm);
    }

    public SimulatedTeacher simulated() {
        return simulated;
    }

    /** The simulated teacher's question bank, read on first use. */
    public QuestionBank bank() {
        if (bank == null) {
            synchronized (this) {
                if (bank == null) {
                    bank = new QuestionBank(Path.of(config.simulated().bank()));
                }
            }
        }
        return bank;
    }
}
