package dev.mcqa.store;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The model store as a directory (a volume shared by trainer and inference, or one machine): one
 * directory per version, kept. Without a root (inference with no store configured) any {@code file:}
 * path is fetched and nothing can be written.
 */
public final class DirectoryStore implements ModelStore {
    private final Optional<Path> root;

    public DirectoryStore(Path root) {
        this.root = Optional.of(root);
    }

    private DirectoryStore() {
        this.root = Optional.empty();
    }

    /** Fetches any {@code file:} path: only for a host where every file may be served. */
    public static DirectoryStore anywhere() {
        return new DirectoryStore();
    }

    @Override
    public URI write(String version, Artifact artifact) throws IOException {
        Path store = root.orElseThrow(() -> new IllegalStateException("no model store directory is configured"));
        Path directory = store.resolve(version);
        if (Files.exists(directory)) {
            throw new FileAlreadyExistsException(directory.toString(), null, "version " + version + " is already in the store");
        }
        Files.createDirectories(store);
        Path partial = Files.createTempDirectory(store, "." + version + ".partial-");
        Files.write(partial.resolve(MODEL), artifact.model());
        Files.write(partial.resolve(TOKENIZER), artifact.tokenizer());
        if (artifact.int8Model() != null) {
            Files.write(partial.resolve(MODEL_INT8), artifact.int8Model());
        }
        Files.writeString(partial.resolve(CARD), artifact.card());
        // Renamed in one step, so that a reader never sees half an artifact.
        Files.move(partial, directory);
        return directory.toUri();
    }

    /** The real path (symbolic links followed, {@code ..} resolved) must lie under the root. */
    @Override
    public Path fetch(URI artifact) throws IOException {
        if (!"file".equals(artifact.getScheme())) {
            throw new IOException("artifact " + artifact + " is not a file: URI; this store is " + location());
        }
        Path directory;
        try {
            directory = Path.of(artifact).toRealPath();
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("artifact " + artifact + " cannot be read: " + e, e);
        }
        if (root.isPresent() && !directory.startsWith(root.get().toRealPath())) {
            throw new IOException("artifact " + artifact + " is outside the model store " + root.get());
        }
        return directory;
    }

    @Override
    public void keepOnly(Set<URI> served) {
        // The directory is the store itself: every version stays.
    }

    @Override
    public String location() {
        return root.map(Path::toString).orElse("any local directory");
    }
}
