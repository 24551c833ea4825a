package dev.mcqa.inference.core;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.logging.Logger;

/**
 * How ONNX Runtime runs a served model.
 *
 * @param intraOpThreads    threads per model run; 0: one per core
 * @param spinning          when those threads spin waiting for work rather than sleep
 * @param executionProvider cpu, or cuda (falls back to cpu with a log line when CUDA is unavailable)
 */
public record OrtSettings(int intraOpThreads, Spinning spinning, String executionProvider) {
    private static final Logger LOG = Logger.getLogger(OrtSettings.class.getName());

    /** When ONNX Runtime's intra-op threads spin (burn a core waiting for work) rather than sleep. */
    public enum Spinning {
        /** Between the operators of a run only: after a run the cores are free for the answer's way out. */
        WITHIN_RUNS,
        /** Also for a while after each run (ONNX Runtime's default): fastest for back-to-back runs. */
        ALWAYS,
        /** Never: every operator wakes sleeping threads. */
        NEVER
    }

    /** Fresh options per session (ONNX Runtime takes ownership of them). */
    public OrtSession.SessionOptions sessionOptions() {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.addConfigEntry("session.intra_op.allow_spinning", spinning == Spinning.NEVER ? "0" : "1");
            options.addConfigEntry("session.force_spinning_stop", spinning == Spinning.WITHIN_RUNS ? "1" : "0");
            if ("cuda".equals(executionProvider)) {
                try {
                    options.addCUDA(0);
                } catch (OrtException | RuntimeException e) {
                    LOG.warning(() -> "CUDA execution provider unavailable (" + e.getMessage() + "): serving on CPU");
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime session options", e);
        }
        return options;
    }
}
