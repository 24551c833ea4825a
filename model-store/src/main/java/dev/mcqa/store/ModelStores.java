package dev.mcqa.store;

import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Opens the model store a configuration names. */
public final class ModelStores {
    private ModelStores() {
    }

    /**
     * {@code s3://bucket/prefix}: an {@link S3Store}, with credentials from the AWS SDK's default chain
     * (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a web identity token, an instance profile);
     * anything else: a {@link DirectoryStore}.
     */
    public static ModelStore open(StoreSettings settings) {
        if (settings.uri().isEmpty()) {
            return DirectoryStore.anywhere();
        }
        String uri = settings.uri().get();
        if (uri.startsWith("s3://")) {
            URI parsed = URI.create(uri);
            if (parsed.getHost() == null) {
                throw new IllegalArgumentException("mcqa.store.uri " + uri + " names no bucket (s3://bucket/prefix)");
            }
            String prefix = parsed.getPath() == null ? "" : parsed.getPath().replaceAll("^/+|/+$", "");
            return new S3Store(s3Client(settings), parsed.getHost(), prefix, settings.cacheDir());
        }
        return new DirectoryStore(uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri));
    }

    private static S3Client s3Client(StoreSettings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                // S3-compatible servers differ in which of the SDK's newer default checksums they accept;
                // the release's SHA-256 is what proves an artifact intact.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
