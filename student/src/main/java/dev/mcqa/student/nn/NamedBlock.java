package dev.mcqa.student.nn;

import ai.djl.nn.Parameter;
import java.util.Map;

/** A block whose parameters carry the names Hugging Face checkpoints give them. */
public interface NamedBlock {
    /** Adds this block's parameters under {@code prefix} (e.g. {@code bert.pooler.dense}) to {@code out}. */
    void nameParameters(String prefix, Map<String, Parameter> out);

    /** "a" + "." + "b", or just "b" under an empty prefix. */
    static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
