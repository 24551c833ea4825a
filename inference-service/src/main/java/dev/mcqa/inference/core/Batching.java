package dev.mcqa.inference.core;

/** How concurrent requests reach the model ({@code mcqa.inference.batching}). */
public enum Batching {
    /**
     * Measured for each model when it loads ({@link BatchingChoice#measure}): batches when a batch
     * costs less per question than the same questions run concurrently, concurrent runs otherwise.
     */
    AUTO,
    /** Always batches: the model runs one batch at a time. */
    ON,
    /** Never batches: each request runs the model on its own thread, concurrently with the others. */
    OFF
}
