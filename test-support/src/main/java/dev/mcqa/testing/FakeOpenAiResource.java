package dev.mcqa.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Points a service's teacher (mcqa.teacher.*) at a {@link FakeOpenAiServer} on loopback, with short
 * backoffs so retry tests stay quick. Tests steer the fake through {@link #server()}.
 */
public class FakeOpenAiResource implements QuarkusTestResourceLifecycleManager {
    private static FakeOpenAiServer server;

    public static synchronized FakeOpenAiServer server() {
        if (server == null) {
            try {
                server = FakeOpenAiServer.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "fake-openai-stop"));
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("mcqa.teacher.base-url", server().baseUrl(),
                "mcqa.teacher.model", FakeOpenAiServer.MODEL,
                "mcqa.teacher.timeout", "5s",
                "mcqa.teacher.initial-backoff", "100ms",
                "mcqa.teacher.max-backoff", "2s",
                "mcqa.teacher.breaker-open-for", "1s");
    }

    @Override
    public void stop() {
        // The server outlives each application, like the broker.
    }
}
