package dev.mcqa.generator.generation;

/**
 * Teacher output that did not become an item, for the dead-letter topic.
 *
 * @param reason a short, stable reason code (e.g. {@code unparseable}, {@code near-copy})
 * @param detail what exactly was wrong
 * @param raw    the teacher's raw text, unchanged
 */
public record Rejection(String task, String runId, String reason, String detail, String raw, String teacher) {
}
