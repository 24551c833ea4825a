package dev.mcqa.generator;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Seed intake settings ({@code mcqa.intake.*}). */
@ConfigMapping(prefix = "mcqa.intake")
public interface IntakeConfig {
    /** Largest body {@code POST /v1/seeds} accepts. */
    @WithDefault("1M")
    MemorySize maxBodySize();

    /** Largest total of files one {@code POST /v1/seeds/import} accepts. */
    @WithDefault("64M")
    MemorySize maxImportSize();

    /**
     * How long a request waits for the broker to acknowledge its seeds; keep it above the seeds-out
     * channel's delivery.timeout.ms (25 s), so that the producer's verdict comes first.
     */
    @WithDefault("30s")
    Duration publishTimeout();

    /** Most distinct tasks an instance takes seeds of: task names become metric tags and per-task state. */
    @WithDefault("500")
    int maxTasks();
}
