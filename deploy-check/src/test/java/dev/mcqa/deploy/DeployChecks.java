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
    /** Every Strimzi and KEDA resource in a version its CRD serves, matching its schema strictly. */
    CRD_SCHEMAS(DeployChecks::crdSchemas),
    /** Every object of Kubernetes' own kinds accepted by its API model (Kubernetes 1.32): no unknown field, no wrong type. */
    KUBERNETES_SCHEMAS(DeployChecks::kubernetesSchemas),
    /**
     * Every contract topic and every topic a service uses has a KafkaTopic, with min.insync.replicas <=
     * replicas <= brokers; every topic a KafkaUser's ACLs name has one.
     */
    TOPICS(DeployChecks::topics),
    /** Each service authenticates as its own KafkaUser, whose ACLs grant exactly what the service reads and writes, and no other service's groups. */
    KAFKA_ACCESS(DeployChecks::kafkaAccess),
    /**
     * Each service's pod runs as its image's non-root user (the USER of its Dockerfile.jvm), with
     * seccomp RuntimeDefault; each container without privilege escalation or capabilities, on a
     * read-only root filesystem with /tmp on an emptyDir, with CPU and memory requests and a memory limit.
     */
    HARDENING(DeployChecks::hardening),
    /**
     * What refers to what resolves: Service and PodDisruptionBudget selectors select pods, Service
     * target ports exist on them, NetworkPolicies select pods, scale targets, ConfigMaps and
     * TriggerAuthentications referred to exist.
     */
    WIRING(Wiring::problems),
    /** Every environment variable set on a service's container is one the service reads. */
    CONFIGURATION(DeployChecks::configuration),
    /**
     * Each ScaledObject scales a service on the lag of a group it consumes with, on a topic it reads,
     * at most to the topic's partitions; an HPA's minimum leaves its PodDisruptionBudget room.
     */
    SCALING(DeployChecks::scaling),
    /** Each service has startup, liveness and readiness probes on its health endpoints, the startup probe allowing the start budget. */
    PROBES(DeployChecks::probes),
    /** The NetworkPolicies allow each flow the pipeline needs and nothing else ({@link NetworkFlows}). */
    NETWORK((manifests, channels) -> NetworkFlows.problems(manifests));

    /**
     * The longest a service may take from container start to answering its liveness endpoint before the kubelet
     * restarts it: 3x the slowest start measured here scaled to a pod that gets only a 250m CPU request
     * (docs/kubernetes.md, "Pods").
     */
    static final int START_BUDGET_SECONDS = 60;

    static final Path REPOSITORY = Path.of("..");
    static final List<String> SERVICES = List.of("generator-service", "scorer-service", "trainer-service", "inference-service");
    private static final CrdSchemas SCHEMAS = CrdSchemas.read(Path.of("crds"));
    private static final Set<String> CUSTOM_GROUPS = Set.of("kafka.strimzi.io", "keda.sh");

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
        static final Map<String, ServiceChannels> BY_SERVICE = byService(ServiceChannels::of);
    }

    /** Read once, when a check first needs them: which environment variables each service reads. */
    private static final class Configurations {
        static final Map<String, ServiceConfiguration> BY_SERVICE = byService(ServiceConfiguration::of);
    }

    private static <T> Map<String, T> byService(BiFunction<Path, String, T> read) {
        Map<String, T> byService = new HashMap<>();
        SERVICES.forEach(service -> byService.put(service, read.apply(REPOSITORY, service)));
        return byService;
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

    private static List<String> kubernetesSchemas(Manifests manifests, Map<String, ServiceChannels> channels) {
        return manifests.objects().stream().filter(KubernetesSchemas::covers).flatMap(o -> KubernetesSchemas.problems(o).stream()).toList();
    }

    private static List<String> topics(Manifests manifests, Map<String, ServiceChannels> channels) {
        List<String> problems = new ArrayList<>();
        Set<String> needed = new TreeSet<>(List.of(Topics.SEEDS_IN, Topics.SEEDS, Topics.GENERATED, Topics.SCORED, Topics.MODELS));
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
        for (JsonNode user : manifests.ofKind("KafkaUser")) {
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                if (resource.path("type").asText().equals("topic") && resource.path("patternType").asText("literal").equals("literal")
                        && !declared.containsKey(resource.path("name").asText())) {
                    problems.add(Manifests.id(user) + ": an ACL names topic " + resource.path("name").asText() + ", which has no KafkaTopic");
                }
            }
        }
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

    private static List<String> configuration(Manifests manifests, Map<String, ServiceChannels> channels) {
        return perDeployment(manifests, (service, deployment) -> {
            ServiceConfiguration reads = Configurations.BY_SERVICE.get(service);
            List<String> problems = new ArrayList<>();
            for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                List<String> variables = new ArrayList<>();
                container.path("env").forEach(e -> variables.add(e.path("name").asText()));
                for (JsonNode source : container.path("envFrom")) {
                    String configMap = source.path("configMapRef").path("name").asText();
                    manifests.named("ConfigMap", configMap).ifPresent(c -> c.path("data").fieldNames().forEachRemaining(variables::add));
                }
                variables.stream().filter(v -> !reads.reads(v)).forEach(v -> problems.add("Deployment/" + service + " sets " + v
                        + ", which " + service + " does not read (no configuration key, Kafka client setting or runtime variable of that name)"));
            }
            return problems;
        });
    }

    private static List<String> scaling(Manifests manifests, Map<String, ServiceChannels> channels) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> partitions = new HashMap<>();
        manifests.ofKind("KafkaTopic").forEach(t -> partitions.put(t.path("spec").path("topicName").asText(Manifests.name(t)),
                t.path("spec").path("partitions").asInt()));
        for (JsonNode scaled : manifests.ofKind("ScaledObject")) {
            String who = Manifests.id(scaled);
            String target = scaled.path("spec").path("scaleTargetRef").path("name").asText();
            ServiceChannels service = channels.get(target);
            if (service == null) {
                problems.add(who + ": scales " + target + ", which is not one of the services");
                continue;
            }
            int max = scaled.path("spec").path("maxReplicaCount").asInt(100); // KEDA's default
            for (JsonNode trigger : scaled.path("spec").path("triggers")) {
                if (!trigger.path("type").asText().equals("kafka")) {
                    continue;
                }
                JsonNode metadata = trigger.path("metadata");
                String topic = metadata.path("topic").asText();
                String group = metadata.path("consumerGroup").asText();
                if (!service.reads().contains(topic)) {
                    problems.add(who + ": scales on topic " + topic + ", which " + target + " does not read");
                }
                if (!service.groups().contains(group)) {
                    problems.add(who + ": scales on the lag of group " + group + ", which is not a shared consumer group of " + target
                            + " (" + service.groups() + ")");
                }
                if (partitions.containsKey(topic) && max > partitions.get(topic)) {
                    problems.add(who + ": up to " + max + " replicas, more than the " + partitions.get(topic) + " partitions of " + topic
                            + " (the rest would idle)");
                }
            }
        }
        for (JsonNode hpa : manifests.ofKind("HorizontalPodAutoscaler")) {
            String target = hpa.path("spec").path("scaleTargetRef").path("name").asText();
            int min = hpa.path("spec").path("minReplicas").asInt(1);
            manifests.named("PodDisruptionBudget", target).ifPresent(pdb -> {
                if (min <= pdb.path("spec").path("minAvailable").asInt(0)) {
                    problems.add(Manifests.id(hpa) + ": minReplicas " + min + " leaves " + Manifests.id(pdb)
                            + " no room, so no node could be drained");
                }
            });
            if (manifests.ofKind("ScaledObject").stream().anyMatch(s -> s.path("spec").path("scaleTargetRef").path("name").asText().equals(target))) {
                problems.add(Manifests.id(hpa) + ": " + target + " is also scaled by a ScaledObject");
            }
        }
        return problems;
    }

    private static List<String> probes(Manifests manifests, Map<String, ServiceChannels> channels) {
        return perDeployment(manifests, (service, deployment) -> {
            List<String> problems = new ArrayList<>();
            for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                String where = "Deployment/" + service + " container " + container.path("name").asText();
                Set<String> ports = new TreeSet<>();
                container.path("ports").forEach(p -> {
                    ports.add(p.path("name").asText());
                    ports.add(p.path("containerPort").asText());
                });
                // Startup on live, not started: started also waits for Kafka, and a broker that starts late must not get pods restarted.
                Map<String, String> expected = Map.of("startupProbe", "/q/health/live", "livenessProbe", "/q/health/live",
                        "readinessProbe", "/q/health/ready");
                expected.forEach((probe, path) -> {
                    JsonNode get = container.path(probe).path("httpGet");
                    if (!get.path("path").asText().equals(path) || !ports.contains(get.path("port").asText())) {
                        problems.add(where + ": no " + probe + " on " + path + " at one of its ports");
                    }
                });
                JsonNode startup = container.path("startupProbe");
                int budget = startup.path("initialDelaySeconds").asInt(0)
                        + startup.path("periodSeconds").asInt(10) * startup.path("failureThreshold").asInt(3);
                if (budget < START_BUDGET_SECONDS) {
                    problems.add(where + ": the startup probe gives up after " + budget + " s, less than the start budget of "
                            + START_BUDGET_SECONDS + " s");
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
