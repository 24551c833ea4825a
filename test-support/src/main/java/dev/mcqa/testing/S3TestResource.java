package dev.mcqa.testing;

import dev.mcqa.store.S3Server;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real S3 server (s3proxy, in the test JVM) with the bucket {@value #BUCKET}, and the service
 * configured to keep its model store there under the prefix given as the {@code prefix} argument,
 * downloading into a fresh, empty cache directory.
 */
public class S3TestResource implements QuarkusTestResourceLifecycleManager {
    public static final String BUCKET = "mcqa-models";
    private static S3Server server;
    private static Path cacheDir;
    private String prefix = "releases";

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault("prefix", prefix);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = S3Server.start(BUCKET);
            cacheDir = Files.createTempDirectory("mcqa-model-cache");
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not start", e);
        }
        return Map.of("mcqa.store.uri", storeUri(prefix), "mcqa.store.endpoint", server.endpoint().toString(),
                "mcqa.store.path-style", "true", "mcqa.store.cache-dir", cacheDir.toString());
    }

    @Override
    public void stop() {
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop", e);
        }
    }

    public static String storeUri(String prefix) {
        return "s3://" + BUCKET + "/" + prefix;
    }

    /** The service's download cache. */
    public static Path cacheDir() {
        return cacheDir;
    }

    /** The running server, for tests that tamper with objects. */
    public static S3Server server() {
        return server;
    }
}
