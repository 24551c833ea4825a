package dev.mcqa.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 server in the test JVM: s3proxy (the S3 REST API, signature V4 checked) over jclouds'
 * in-memory blob store. The credentials go where the AWS SDK's default chain reads them (the
 * aws.accessKeyId and aws.secretAccessKey system properties), as a pod's environment would.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "mcqa-test-access";
    public static final String SECRET_KEY = "mcqa-test-secret";
    private final S3Proxy proxy;
    private final BlobStore blobs;

    private S3Server(S3Proxy proxy, BlobStore blobs) {
        this.proxy = proxy;
        this.blobs = blobs;
    }

    /** Starts on a free local port with the given buckets. */
    public static S3Server start(String... buckets) throws Exception {
        BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials(ACCESS_KEY, SECRET_KEY).build(BlobStoreContext.class);
        BlobStore blobs = context.getBlobStore();
        for (String bucket : buckets) {
            blobs.createContainerInLocation(null, bucket);
        }
        S3Proxy proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        return new S3Server(proxy, blobs);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Settings for a store at {@code s3://bucket/prefix} on this server, downloading into cacheDir. */
    public StoreSettings settings(String storeUri, Path cacheDir) {
        return new StoreSettings(Optional.of(storeUri), Optional.of(endpoint()), "us-east-1", true, cacheDir);
    }

    /** Replaces an object's bytes behind the store's back (a corrupted or tampered object). */
    public void overwrite(String bucket, String key, byte[] bytes) {
        blobs.putBlob(bucket, blobs.blobBuilder(key).payload(bytes).build());
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
