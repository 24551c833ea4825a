package dev.mcqa.inference;

import dev.mcqa.store.StoreSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** The model store releases are read from ({@code mcqa.store.*}, the same keys as the trainer's). */
@ConfigMapping(prefix = "mcqa.store")
public interface StoreConfig {
    /**
     * The trainer's store: a directory (the same volume, read-only here) or {@code s3://bucket/prefix}.
     * A release whose artifact lies elsewhere is refused. Unset: any {@code file:} path is served (warned at start).
     */
    Optional<String> uri();

    /** The S3 endpoint of an S3-compatible server (MinIO, Ceph RGW, GCS); unset: AWS. */
    Optional<URI> endpoint();

    @WithDefault("us-east-1")
    String region();

    /** Path-style S3 requests, which most S3-compatible servers need. */
    @WithDefault("false")
    boolean pathStyle();

    /** Where releases from S3 are downloaded to; versions no longer served are removed. */
    @WithDefault("${java.io.tmpdir}/mcqa-model-cache")
    String cacheDir();

    default StoreSettings settings() {
        return new StoreSettings(uri(), endpoint(), region(), pathStyle(), Path.of(cacheDir()));
    }
}
