package dev.mcqa.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which model store, from configuration ({@code mcqa.store.*}).
 *
 * @param uri       a directory path or {@code file:} URI, or {@code s3://bucket/prefix}; empty: no store (inference then fetches any file: path)
 * @param endpoint  the S3 endpoint, for S3-compatible servers (MinIO, Ceph RGW, GCS); empty: AWS's
 * @param region    the S3 region (AWS: the bucket's; others accept any)
 * @param pathStyle path-style S3 requests ({@code endpoint/bucket/key}), which most S3-compatible servers need
 * @param cacheDir  where artifacts from S3 are downloaded to
 */
public record StoreSettings(Optional<String> uri, Optional<URI> endpoint, String region, boolean pathStyle, Path cacheDir) {
}
