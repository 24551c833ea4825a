package dev.mcqa.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the services' image builds say (src/main/docker/Dockerfile.jvm): they cannot be built here, so they are read. */
final class Dockerfiles {
    private Dockerfiles() {
    }

    static List<String> lines(Path repository, String service) {
        try {
            return Files.readAllLines(repository.resolve(service).resolve("src/main/docker/Dockerfile.jvm"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The numeric user the image runs as: its last USER instruction (0, root, without one). */
    static int user(Path repository, String service) {
        int user = 0;
        for (String line : lines(repository, service)) {
            if (line.startsWith("USER ")) {
                user = Integer.parseInt(line.substring(5).strip());
            }
        }
        return user;
    }
}
