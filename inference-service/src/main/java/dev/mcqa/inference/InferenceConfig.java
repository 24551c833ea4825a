package dev.mcqa.inference;

import dev.mcqa.inference.core.Batching;
import dev.mcqa.inference.core.OrtSettings;
import dev.mcqa.inference.core.Precision;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Inference settings ({@code mcqa.inference.*}). */
@ConfigMapping(prefix = "mcqa.inference")
public interface InferenceConfig {
    /** An artifact directory to serve from start, without Kafka (a pure serving deployment). */
    Optional<String> modelDir();

    /**
     * Which form of a release to serve: auto (its int8 form when it carries one that passed the
     * trainer's check, else fp32), fp32, or int8 (as auto, warning when a release has none).
     */
    @WithDefault("auto")
    Precision precision();

    /**
     * Dynamic micro-batching of concurrent requests: auto (measured for each model when it loads:
     * batches when a batch costs less per question than concurrent runs), on, off.
     */
    @WithDefault("auto")
    Batching batching();

    /** Most questions in one model run. */
    @WithDefault("32")
    int maxBatch();

    /**
     * Longest extra wait for more requests before a batch runs. 0: a batch is what queued while the
     * previous one ran (no added latency; batches still grow with load).
     */
    @WithDefault("0ms")
    Duration maxWait();

    /**
     * Most questions waiting for the model at once; beyond, requests are answered 503 with
     * Retry-After at once instead of queueing past their timeout.
     */
    @WithDefault("256")
    int maxQueued();

    /** ONNX Runtime intra-op threads (0: its default, one per core). */
    @WithDefault("0")
    int intraOpThreads();

    /** When ONNX Runtime's threads spin waiting for work: within-runs, always, never. */
    @WithDefault("within-runs")
    OrtSettings.Spinning spinning();

    /** cpu, or cuda (needs onnxruntime_gpu, CUDA 12 and cuDNN 9 on the host; falls back to cpu with a log line). */
    @WithDefault("cpu")
    String executionProvider();

    @WithDefault("26")
    int maxChoices();

    @WithDefault("8000")
    int maxQuestionChars();

    @WithDefault("2000")
    int maxChoiceChars();

    @WithDefault("64")
    int maxBatchQuestions();

    @WithDefault("1M")
    MemorySize maxBodySize();

    /** How long a request waits for its answer. */
    @WithDefault("30s")
    Duration timeout();
}
