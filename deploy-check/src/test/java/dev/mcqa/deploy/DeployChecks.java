package dev.mcqa.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.mcqa.contract.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The checks of a rendered deployment, each giving its problems (none: it passes). Kept apart so a
 * deliberately broken manifest can be shown to fail exactly one of them.
 */
enum DeployChecks {
    /** Every Strimzi resource in a version its CRD serves, matching its schema strictly. */
    CRD_SCHEMAS(DeployChecks::crdSchemas),
    /** Every contract topic and every topic a service uses has a KafkaTopic, with min.insync.replicas <= replicas <= brokers. */
    TOPICS(DeployChecks::topics),
    /** Each service authenticates as its own KafkaUser, whose ACLs grant exactly what the service reads and writes, and no other service's groups. */
    KAFKA_ACCESS(DeployChecks::kafkaAccess),
    /**
     * Each service's pod runs as its image's non-root user (the USER of its Dockerfile.jvm), with
     * seccomp RuntimeDefault; each container without privilege escalation or capabilities, on a
     * read-only root filesystem with /tmp on an emptyDir, with CPU and memory requests and a memory limit.
     */
    HARDENING(DeployChecks::hardening);

    static final Path REPOSITORY = Path.of("..");
    static final List<String> SERVICES = List.of("generator-service", "scorer-service", "trainer-service", "inference-service");
    private static final CrdSchemas SCHEMAS = CrdSchemas.read(Path.of("crds"));
    private static final Set<String> CUSTOM_GROUPS = Set.of("kafka.strimzi.io");

    private final BiFunction<Manifests, Map<String, ServiceChannels>, List<String>> check;

    DeployChecks(BiFunction<Manifests, Map<String, ServiceChannels>, List<String>> check) {
        this.check = check;
    }

    List<String> problems(Manifests manifests) {
        return check.apply(manifests, serviceChannels());
    }

    /** By service: what it does on Kafka, from its application.properties. */
    static Map<String, ServiceChannels> serviceChannels() {
        return Channels.BY_SERVICE;
    }

    /** Read once: the services' channels, from their application.properties. */
    private static final class Channels {
        static final Map<String, ServiceChannels> BY_SERVICE = read();

        private static Map<String, ServiceChannels> read() {
            Map<String, ServiceChannels> channels = new HashMap<>();
            SERVICES.forEach(service -> channels.put(service, ServiceChannels.of(REPOSITORY, service)));
            return channels;
        }
    }

    private static List<String> crdSchemas(Manifests manifests, Map<String, ServiceChannels> channels) {
        List<String> problems = new ArrayList<>();
        for (JsonNode object : manifests.objects()) {
            String apiVersion = object.path("apiVersion").asText();
            if (SCHEMAS.covers(object)) {
                problems.addAll(SCHEMAS.problems(object));
            } else if (CUSTOM_GROUPS.contains(apiVersion.substring(0, Math.max(0, apiVersion.indexOf('/'))))) {
                problems.add(Manifests.id(object) + ": no vendored CRD defines " + apiVersion + " " + object.path("kind").asText());
            }
        }
        return problems;
    }

    private static List<String> topics(Manifests manifests, Map<String, ServiceChannels> channels) {
        List<String> problems = new ArrayList<>();
        Set<String> needed = new TreeSet<>(List.of(Topics.SEEDS, Topics.GENERATED, Topics.SCORED, Topics.MODELS));
        SERVICES.forEach(service -> needed.add(Topics.deadLetter(service)));
        channels.values().forEach(c -> {
            needed.addAll(c.reads());
            needed.addAll(c.writes());
        });
        Map<String, JsonNode> declared = new HashMap<>();
        manifests.ofKind("KafkaTopic").forEach(t -> declared.put(t.path("spec").path("topicName").asText(Manifests.name(t)), t));
        needed.stream().filter(t -> !declared.containsKey(t)).forEach(t -> problems.add("topic " + t + " has no KafkaTopic"));
        int brokers = manifests.ofKind("KafkaNodePool").stream()
                .filter(pool -> Manifests.elements(pool.path("spec").path("roles")).stream().anyMatch(r -> r.asText().equals("broker")))
                .mapToInt(pool -> pool.path("spec").path("replicas").asInt()).sum();
        JsonNode clusterConfig = manifests.ofKind("Kafka").stream().findFirst().map(k -> k.path("spec").path("kafka").path("config")).orElse(null);
        int defaultMinInsync = clusterConfig == null ? 1 : clusterConfig.path("min.insync.replicas").asInt(1);
        declared.forEach((name, topic) -> {
            int replicas = topic.path("spec").path("replicas").asInt();
            int minInsync = topic.path("spec").path("config").path("min.insync.replicas").asInt(defaultMinInsync);
            if (minInsync > replicas) {
                problems.add("topic " + name + ": min.insync.replicas " + minInsync + " > replicas " + replicas + " (every write with acks=all would fail)");
            }
            if (replicas > brokers) {
                problems.add("topic " + name + ": " + replicas + " replicas on " + brokers + " brokers");
            }
        });
        return problems;
    }

    /** Each service's Deployment (a problem if there is none) and the problems found in it. */
    private static List<String> perDeployment(Manifests manifests, BiFunction<String, JsonNode, List<String>> check) {
        List<String> problems = new ArrayList<>();
        for (String service : SERVICES) {
            manifests.named("Deployment", service).ifPresentOrElse(deployment -> problems.addAll(check.apply(service, deployment)),
                    () -> problems.add("no Deployment " + service));
        }
        return problems;
    }

    private static List<String> kafkaAccess(Manifests manifests, Map<String, ServiceChannels> channels) {
        return perDeployment(manifests, (service, deployment) -> {
            Optional<String> userName = jaasSecret(deployment);
            Optional<JsonNode> user = userName.flatMap(name -> manifests.named("KafkaUser", name));
            if (user.isEmpty()) {
                return List.of("Deployment/" + service + " does not authenticate as a KafkaUser of this deployment (KAFKA_SASL_JAAS_CONFIG from "
                        + userName.map(n -> "Secret " + n).orElse("nowhere") + ")");
            }
            return aclProblems(user.get(), channels.get(service), channels);
        });
    }

    private static List<String> hardening(Manifests manifests, Map<String, ServiceChannels> channels) {
        return perDeployment(manifests, (service, deployment) -> {
            List<String> problems = new ArrayList<>();
            String who = "Deployment/" + service;
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode podSecurity = pod.path("securityContext");
            int imageUser = Dockerfiles.user(REPOSITORY, service);
            if (imageUser == 0) {
                problems.add(service + "'s Dockerfile.jvm runs as root");
            }
            if (!podSecurity.path("runAsNonRoot").asBoolean() || podSecurity.path("runAsUser").asInt(-1) != imageUser) {
                problems.add(who + ": not runAsNonRoot with runAsUser " + imageUser + " (its image's user)");
            }
            if (!podSecurity.path("seccompProfile").path("type").asText().equals("RuntimeDefault")) {
                problems.add(who + ": seccompProfile is not RuntimeDefault");
            }
            Map<String, JsonNode> volumes = new HashMap<>();
            pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
            for (JsonNode container : pod.path("containers")) {
                String where = who + " container " + container.path("name").asText();
                JsonNode security = container.path("securityContext");
                if (security.path("allowPrivilegeEscalation").asBoolean(true) || !security.path("readOnlyRootFilesystem").asBoolean()) {
                    problems.add(where + ": privilege escalation allowed or the root filesystem writable");
                }
                if (Manifests.elements(security.path("capabilities").path("drop")).stream().noneMatch(c -> c.asText().equals("ALL"))) {
                    problems.add(where + ": capabilities not dropped (drop: [ALL])");
                }
                boolean tmp = Manifests.elements(container.path("volumeMounts")).stream().anyMatch(m -> m.path("mountPath").asText().equals("/tmp")
                        && volumes.getOrDefault(m.path("name").asText(), NullNode.getInstance()).has("emptyDir"));
                if (!tmp) {
                    problems.add(where + ": no emptyDir at /tmp (the JVM and ONNX Runtime write there)");
                }
                JsonNode resources = container.path("resources");
                if (resources.path("requests").path("cpu").isMissingNode() || resources.path("requests").path("memory").isMissingNode()
                        || resources.path("limits").path("memory").isMissingNode()) {
                    problems.add(where + ": CPU and memory requests and a memory limit are not all set");
                }
            }
            return problems;
        });
    }

    /** The Secret (named after the KafkaUser, as Strimzi names it) that KAFKA_SASL_JAAS_CONFIG comes from. */
    private static Optional<String> jaasSecret(JsonNode deployment) {
        for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
            for (JsonNode env : container.path("env")) {
                if (env.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")) {
                    return Optional.of(env.path("valueFrom").path("secretKeyRef").path("name").asText());
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> aclProblems(JsonNode user, ServiceChannels service, Map<String, ServiceChannels> all) {
        List<String> problems = new ArrayList<>();
        String who = Manifests.id(user);
        Map<String, Set<String>> topicOperations = new HashMap<>();
        List<JsonNode> groupAcls = new ArrayList<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            JsonNode resource = acl.path("resource");
            Set<String> operations = new TreeSet<>();
            acl.path("operations").forEach(o -> operations.add(o.asText()));
            String type = resource.path("type").asText();
            boolean prefix = resource.path("patternType").asText("literal").equals("prefix");
            if (!acl.path("type").asText("allow").equals("allow")) {
                problems.add(who + ": a deny rule (every rule here allows exactly what is needed)");
            } else if (type.equals("topic") && !prefix) {
                topicOperations.computeIfAbsent(resource.path("name").asText(), t -> new TreeSet<>()).addAll(operations);
            } else if (type.equals("group") && Set.of("Read").containsAll(withoutDescribe(operations))) {
                groupAcls.add(resource);
            } else {
                problems.add(who + ": grants " + operations + " on " + type + " " + resource.path("name").asText()
                        + (prefix ? "*" : "") + ", which " + service.service() + " does not need");
            }
        }
        Set<String> topics = new TreeSet<>(service.reads());
        topics.addAll(service.writes());
        topicOperations.keySet().stream().filter(t -> !topics.contains(t))
                .forEach(t -> problems.add(who + ": grants " + topicOperations.get(t) + " on topic " + t + ", which " + service.service() + " does not use"));
        for (String topic : topics) {
            Set<String> expected = new TreeSet<>();
            if (service.reads().contains(topic)) {
                expected.add("Read");
            }
            if (service.writes().contains(topic)) {
                expected.add("Write");
            }
            Set<String> granted = withoutDescribe(topicOperations.getOrDefault(topic, Set.of()));
            if (!granted.equals(expected)) {
                problems.add(who + ": on topic " + topic + " grants " + granted + ", " + service.service() + " needs " + expected);
            }
        }
        for (String group : service.groups()) {
            if (groupAcls.stream().noneMatch(acl -> covers(acl, group, false))) {
                problems.add(who + ": no Read on consumer group " + group);
            }
        }
        for (String group : service.groupPrefixes()) {
            if (groupAcls.stream().noneMatch(acl -> covers(acl, group, true))) {
                problems.add(who + ": no Read on consumer groups " + group + "*");
            }
        }
        for (JsonNode acl : groupAcls) {
            all.values().stream().filter(other -> other != service).forEach(other -> {
                Set<String> theirs = new TreeSet<>(other.groups());
                theirs.addAll(other.groupPrefixes());
                theirs.stream().filter(g -> covers(acl, g, other.groupPrefixes().contains(g)))
                        .forEach(g -> problems.add(who + ": its group rule " + acl.path("name").asText() + " also covers " + other.service() + "'s group " + g));
            });
        }
        return problems;
    }

    /** Whether a group rule covers a group id (or, for a per-instance prefix, every id that starts with it). */
    private static boolean covers(JsonNode rule, String group, boolean groupIsPrefix) {
        String name = rule.path("name").asText();
        boolean rulePrefix = rule.path("patternType").asText("literal").equals("prefix");
        return rulePrefix ? group.startsWith(name) : !groupIsPrefix && group.equals(name);
    }

    /** Read and Write imply Describe in Kafka's authorizer; an explicit Describe grants nothing more. */
    private static Set<String> withoutDescribe(Set<String> operations) {
        Set<String> out = new TreeSet<>(operations);
        out.remove("Describe");
        return out;
    }
}
