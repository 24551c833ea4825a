package dev.mcqa.inference.core;

/**
 * Which form of a release is served. AUTO and INT8 serve the int8 form when the release carries
 * one (it passed the trainer's check, and its card names its SHA-256), else the fp32 form; FP32
 * always serves the fp32 form.
 */
public enum Precision {
    AUTO, FP32, INT8;

    boolean allowsInt8() {
        return this != FP32;
    }
}
