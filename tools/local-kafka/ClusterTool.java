import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * bin/kafka's cluster tool, run from source by java (no build step):
 *
 *   ClusterTool BOOTSTRAP topics FILE   create the KafkaTopic resources of FILE (deploy/base/kafka-topics.yaml):
 *                                       the same partitions and configs, replicas and min.insync.replicas
 *                                       capped at the brokers there are; existing topics are left as they are
 *   ClusterTool BOOTSTRAP controller    print the node id of the active controller
 */
public final class ClusterTool {
    private static final long WAIT_SECONDS = 60;

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || (args[1].equals("topics") && args.length < 3)) {
            System.err.println("usage: ClusterTool BOOTSTRAP topics FILE | ClusterTool BOOTSTRAP controller");
            System.exit(2);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS)))) {
            switch (args[1]) {
                case "topics" -> createTopics(admin, Path.of(args[2]));
                case "controller" -> System.out.println(admin.describeMetadataQuorum().quorumInfo().get(WAIT_SECONDS, TimeUnit.SECONDS).leaderId());
                default -> {
                    System.err.println("unknown command " + args[1]);
                    System.exit(2);
                }
            }
        }
    }

    private static void createTopics(Admin admin, Path file) throws Exception {
        int brokers = admin.describeCluster().nodes().get(WAIT_SECONDS, TimeUnit.SECONDS).size();
        Set<String> existing = admin.listTopics().names().get(WAIT_SECONDS, TimeUnit.SECONDS);
        List<NewTopic> topics = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (JsonNode resource : yaml.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file)).readAll()) {
            if (!"KafkaTopic".equals(resource.path("kind").asText())) {
                continue;
            }
            JsonNode spec = resource.path("spec");
            String name = spec.path("topicName").asText(resource.path("metadata").path("name").asText());
            int replicas = Math.min(spec.path("replicas").asInt(1), brokers);
            Map<String, String> config = new LinkedHashMap<>();
            spec.path("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
            config.computeIfPresent("min.insync.replicas", (key, value) -> String.valueOf(Math.min(Integer.parseInt(value), replicas)));
            String line = String.format("[kafka] topic %-28s %d partitions, %d replicas, %s", name, spec.path("partitions").asInt(1), replicas, config);
            if (existing.contains(name)) {
                System.out.println(line + " (exists)");
                continue;
            }
            topics.add(new NewTopic(name, spec.path("partitions").asInt(1), (short) replicas).configs(config));
            System.out.println(line);
        }
        try {
            admin.createTopics(topics).all().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) { // created meanwhile by another caller: as good
                throw e;
            }
        }
    }
}
