package dev.mcqa.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The model store in an S3 bucket (AWS S3, MinIO, Ceph RGW, GCS's S3 interoperability), so that
 * releases reach inference pods on other nodes without a shared volume. A version is the objects
 * {@code prefix/version/model.onnx}, {@code tokenizer.json} and {@code model-card.json}, the card
 * written last; its URI is {@code s3://bucket/prefix/version/}. Fetching downloads into a local
 * cache directory, one directory per version; whether the bytes are the released ones is for the
 * reader to check (the release's SHA-256).
 */
public final class S3Store implements ModelStore {
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Path cache;

    /** @param prefix key prefix without leading or trailing slash, may be empty */
    public S3Store(S3Client s3, String bucket, String prefix, Path cache) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.cache = cache;
    }

    @Override
    public URI write(String version, Artifact artifact) throws IOException {
        checkVersion(version, version);
        try {
            if (exists(key(version, CARD))) {
                throw new FileAlreadyExistsException(location() + "/" + version, null, "version " + version + " is already in the store");
            }
            s3.putObject(b -> b.bucket(bucket).key(key(version, MODEL)), RequestBody.fromBytes(artifact.model()));
            s3.putObject(b -> b.bucket(bucket).key(key(version, TOKENIZER)), RequestBody.fromBytes(artifact.tokenizer()));
            if (artifact.int8Model() != null) {
                s3.putObject(b -> b.bucket(bucket).key(key(version, MODEL_INT8)), RequestBody.fromBytes(artifact.int8Model()));
            }
            s3.putObject(b -> b.bucket(bucket).key(key(version, CARD)).contentType("application/json"),
                    RequestBody.fromString(artifact.card()));
        } catch (SdkException e) {
            throw new IOException("cannot write " + version + " to " + location() + ": " + e.getMessage(), e);
        }
        return URI.create(location() + "/" + version + "/");
    }

    @Override
    public Path fetch(URI artifact) throws IOException {
        String version = versionOf(artifact);
        Files.createDirectories(cache);
        Path partial = Files.createTempDirectory(cache, "." + version + ".partial-");
        try {
            for (String file : FILES) {
                s3.getObject(b -> b.bucket(bucket).key(key(version, file)), partial.resolve(file));
            }
            if (exists(key(version, MODEL_INT8))) {
                s3.getObject(b -> b.bucket(bucket).key(key(version, MODEL_INT8)), partial.resolve(MODEL_INT8));
            }
            Path directory = cache.resolve(version);
            deleteRecursively(directory);
            Files.move(partial, directory, StandardCopyOption.ATOMIC_MOVE);
            return directory;
        } catch (SdkException e) {
            throw new IOException("cannot download " + artifact + ": " + e.getMessage(), e);
        } finally {
            deleteRecursively(partial);
        }
    }

    @Override
    public void keepOnly(Set<URI> served) throws IOException {
        Set<String> keep = new HashSet<>();
        for (URI artifact : served) {
            if (artifact.toString().startsWith(location() + "/")) {
                keep.add(versionOf(artifact));
            }
        }
        if (!Files.isDirectory(cache)) {
            return;
        }
        try (Stream<Path> entries = Files.list(cache)) {
            for (Path entry : entries.filter(p -> !keep.contains(p.getFileName().toString())).toList()) {
                deleteRecursively(entry);
            }
        }
    }

    @Override
    public String location() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** The version an artifact URI of this store names; anything else (another bucket or prefix, a path) is refused. */
    private String versionOf(URI artifact) throws IOException {
        String expected = location() + "/";
        String text = artifact.toString();
        if (!text.startsWith(expected) || !text.endsWith("/")) {
            throw new IOException("artifact " + artifact + " is not a version in the model store " + location());
        }
        String version = text.substring(expected.length(), text.length() - 1);
        checkVersion(version, text);
        return version;
    }

    private static void checkVersion(String version, String named) throws IOException {
        if (!VERSION.matcher(version).matches()) {
            throw new IOException("artifact " + named + " does not name a version (letters, digits, '.', '_', '-')");
        }
    }

    private String key(String version, String file) {
        return (prefix.isEmpty() ? "" : prefix + "/") + version + "/" + file;
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
