package dev.mcqa.e2e;

import dev.mcqa.encoding.Fixtures;
import dev.mcqa.testing.FakeOpenAiServer;
import dev.mcqa.testing.KafkaTestResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four packaged services as their own processes on the test broker (inside the test JVM), the
 * fake OpenAI-compatible server as the teacher, the tiny BERT fixture as the trainer's backbone, the
 * model store a directory under the logs. Extra options per service add to or override these; a
 * service restarted with more options keeps them too.
 */
final class LocalPipeline implements AutoCloseable {
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final FakeOpenAiServer teacher;
    private final Path logs;

    private LocalPipeline(FakeOpenAiServer teacher, Path logs) {
        this.teacher = teacher;
        this.logs = logs;
    }

    /** Starts everything and waits until each service is up (inference: live; it is ready only with a model). */
    static LocalPipeline start(Path logs, Map<String, List<String>> extraOptions) throws Exception {
        Files.createDirectories(logs);
        LocalPipeline pipeline = new LocalPipeline(FakeOpenAiServer.start(), logs);
        String store = "-Dmcqa.store.uri=" + logs.resolve("models");
        List<String> llm = List.of("-Dmcqa.teacher.base-url=" + pipeline.teacher.baseUrl(), "-Dmcqa.teacher.model=" + FakeOpenAiServer.MODEL);
        Map<String, List<String>> options = new LinkedHashMap<>();
        options.put("generator-service", llm);
        options.put("scorer-service", llm);
        options.put("trainer-service", List.of("-Dmcqa.training.backbone=" + Fixtures.dir("bert-tiny").toAbsolutePath(),
                "-Dmcqa.training.max-length=64", "-Dmcqa.training.epochs=1", "-Dmcqa.training.learning-rate=1e-3",
                "-Dmcqa.training.evaluation-per-task=5", "-Dmcqa.training.teacher-sample=20", store));
        options.put("inference-service", List.of(store));
        for (Map.Entry<String, List<String>> service : options.entrySet()) {
            List<String> settings = new ArrayList<>(List.of("-Dkafka.bootstrap.servers=" + KafkaTestResource.bootstrapServers()));
            settings.addAll(service.getValue());
            settings.addAll(extraOptions.getOrDefault(service.getKey(), List.of()));
            pipeline.options.put(service.getKey(), settings);
            pipeline.services.put(service.getKey(), pipeline.process(service.getKey(), List.of()).start());
        }
        for (ServiceProcess service : pipeline.services.values()) {
            pipeline.awaitUp(service);
        }
        return pipeline;
    }

    /** Stops a service (SIGTERM) and starts it again with more options, waiting until it is up. */
    ServiceProcess restart(String name, List<String> moreOptions) throws Exception {
        services.get(name).stop();
        ServiceProcess restarted = process(name, moreOptions).start();
        services.put(name, restarted);
        awaitUp(restarted);
        return restarted;
    }

    private ServiceProcess process(String name, List<String> moreOptions) throws IOException {
        List<String> settings = new ArrayList<>(options.get(name));
        settings.addAll(moreOptions);
        return new ServiceProcess(name, name, settings, Map.of("DJL_CACHE_DIR", logs.resolve("djl-cache").toString()), logs);
    }

    private void awaitUp(ServiceProcess service) throws Exception {
        String health = service.name().equals("inference-service") ? "/q/health/live" : "/q/health/ready";
        await(service.name() + " up", () -> service.get(health).statusCode() == 200, Duration.ofMinutes(2));
    }

    ServiceProcess service(String name) {
        return services.get(name);
    }

    FakeOpenAiServer teacher() {
        return teacher;
    }

    /** Waits for a condition, failing early (with the services' log tails) if one of them dies. */
    void await(String what, ServiceProcess.Check check, Duration timeout) throws Exception {
        ServiceProcess.await(what + "; logs in " + logs, check, timeout, List.copyOf(services.values()));
    }

    @Override
    public void close() throws Exception {
        for (ServiceProcess service : services.values()) {
            service.stop();
        }
        teacher.close();
    }
}
