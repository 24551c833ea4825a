package dev.mcqa.trainer;

import dev.mcqa.store.StoreSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** The model store releases are written to ({@code mcqa.store.*}, the same keys as inference's). */
@ConfigMapping(prefix = "mcqa.store")
public interface StoreConfig {
    /** A directory (one subdirectory per version, kept), or {@code s3://bucket/prefix}. */
    @WithDefault("models")
    String uri();

    /** The S3 endpoint of an S3-compatible server (MinIO, Ceph RGW, GCS); unset: AWS. */
    Optional<URI> endpoint();

    @WithDefault("us-east-1")
    String region();

    /** Path-style S3 requests, which most S3-compatible servers need. */
    @WithDefault("false")
    boolean pathStyle();

    /** Where the gate downloads the current release from S3 to. */
    @WithDefault("${java.io.tmpdir}/mcqa-model-cache")
    String cacheDir();

    default StoreSettings settings() {
        return new StoreSettings(Optional.of(uri()), endpoint(), region(), pathStyle(), Path.of(cacheDir()));
    }
}
