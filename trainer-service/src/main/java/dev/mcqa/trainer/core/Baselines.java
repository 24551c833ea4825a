package dev.mcqa.trainer.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The 5-shot baselines bin/baseline writes, one artifact directory per run named by its version
 * (which starts with its UTC time, so the greatest name is the newest): what a release is compared
 * with, task by task, on the trainer's page.
 */
public final class Baselines {
    private final Optional<Path> directory;

    public Baselines(Optional<Path> directory) {
        this.directory = directory;
    }

    /** The newest baseline's model-card.json, if there is one. */
    public Optional<String> newestCard() {
        if (directory.isEmpty() || !Files.isDirectory(directory.get())) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(directory.get())) {
            Optional<Path> newest = runs.map(run -> run.resolve("model-card.json")).filter(Files::isRegularFile)
                    .max(Comparator.comparing(card -> card.getParent().getFileName().toString()));
            return newest.isEmpty() ? Optional.empty() : Optional.of(Files.readString(newest.get()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
