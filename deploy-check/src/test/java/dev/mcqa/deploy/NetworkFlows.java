package dev.mcqa.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.deploy.Network.Endpoint;
import dev.mcqa.deploy.Network.Flow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flows the pipeline needs (docs/kubernetes.md, "Network"), and every other connection between
 * the same endpoints, which must be refused: each service to DNS and the brokers; generator and
 * scorer to the teacher (a server beside them on 8000, or a hosted API over HTTPS); trainer and
 * inference to an S3 store (MinIO beside them on 9000, or S3 over HTTPS) when the store is S3;
 * clients in any namespace to the REST APIs (inference, generator, trainer); Prometheus to every
 * service; KEDA's operator to the brokers (the listener admits it whether or not anything scales);
 * producers of raw seeds (pods labelled mcqa.dev/seed-producer, any namespace) to the brokers.
 */
final class NetworkFlows {
    private static final List<String> TEACHER_CLIENTS = List.of("generator-service", "scorer-service");
    private static final List<String> STORE_CLIENTS = List.of("trainer-service", "inference-service");
    private static final List<String> REST_APIS = List.of("generator-service", "trainer-service", "inference-service");
    private static final Map<String, String> TEACHER_LABELS = Map.of("app.kubernetes.io/name", "vllm");
    private static final Map<String, String> MINIO_LABELS = Map.of("app.kubernetes.io/name", "minio");
    /** Servers a deployment may run beside the services, not rendered here: a teacher and an S3-compatible store. */
    static final List<Map<String, String>> COMPANIONS = List.of(TEACHER_LABELS, MINIO_LABELS);

    private NetworkFlows() {
    }

    static List<String> problems(Manifests manifests) {
        Map<String, Endpoint> services = new HashMap<>();
        Map<String, Integer> httpPorts = new HashMap<>();
        for (String service : DeployChecks.SERVICES) {
            manifests.named("Deployment", service).ifPresent(deployment -> {
                JsonNode template = deployment.path("spec").path("template");
                Map<String, Integer> ports = new HashMap<>();
                template.path("spec").path("containers").forEach(c -> c.path("ports")
                        .forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt())));
                services.put(service, Endpoint.pod(service, Network.NAMESPACE, Selectors.labels(template.path("metadata")), ports));
                httpPorts.put(service, ports.getOrDefault("http", 0));
            });
        }
        String cluster = manifests.ofKind("Kafka").stream().findFirst().map(Manifests::name).orElse("mcqa");
        Endpoint brokers = Endpoint.pod("kafka-broker", Network.NAMESPACE,
                Map.of("strimzi.io/cluster", cluster, "strimzi.io/kind", "Kafka", "strimzi.io/broker-role", "true"), Map.of());
        Endpoint teacher = Endpoint.pod("teacher(vllm)", Network.NAMESPACE, TEACHER_LABELS, Map.of());
        Endpoint minio = Endpoint.pod("s3(minio)", Network.NAMESPACE, MINIO_LABELS, Map.of());
        Endpoint dns = Endpoint.pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"), Map.of());
        Endpoint prometheus = Endpoint.pod("prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"), Map.of());
        Endpoint keda = Endpoint.pod("keda-operator", "keda", Map.of("app", "keda-operator"), Map.of());
        Endpoint client = Endpoint.pod("client", "clients", Map.of("app", "client"), Map.of());
        Endpoint seedProducer = Endpoint.pod("seed-producer", "clients", Map.of("mcqa.dev/seed-producer", "true"), Map.of());
        Endpoint internet = Endpoint.address("internet", "52.216.8.1");
        Endpoint privateAddress = Endpoint.address("private-address", "10.96.0.10");

        Set<Flow> needed = new LinkedHashSet<>();
        boolean s3Store = storeUri(manifests).startsWith("s3://");
        services.forEach((name, pod) -> {
            needed.add(new Flow(pod, dns, 53, "UDP"));
            needed.add(new Flow(pod, dns, 53, "TCP"));
            needed.add(new Flow(pod, brokers, 9093, "TCP"));
            needed.add(new Flow(prometheus, pod, httpPorts.get(name), "TCP"));
            if (TEACHER_CLIENTS.contains(name)) {
                needed.add(new Flow(pod, teacher, 8000, "TCP"));
                needed.add(new Flow(pod, internet, 443, "TCP"));
            }
            if (STORE_CLIENTS.contains(name) && s3Store) {
                needed.add(new Flow(pod, minio, 9000, "TCP"));
                needed.add(new Flow(pod, internet, 443, "TCP"));
            }
            if (REST_APIS.contains(name)) { // open to every namespace, whichever pod calls
                for (Endpoint outside : List.of(client, keda, seedProducer)) {
                    needed.add(new Flow(outside, pod, httpPorts.get(name), "TCP"));
                }
            }
        });
        needed.add(new Flow(keda, brokers, 9093, "TCP"));
        needed.add(new Flow(seedProducer, brokers, 9093, "TCP"));

        List<Endpoint> sources = new ArrayList<>(services.values());
        sources.addAll(List.of(client, prometheus, keda, seedProducer));
        List<Flow> candidates = new ArrayList<>();
        for (Endpoint from : sources) {
            services.forEach((name, pod) -> candidates.add(new Flow(from, pod, httpPorts.get(name), "TCP")));
            candidates.addAll(List.of(new Flow(from, brokers, 9093, "TCP"), new Flow(from, dns, 53, "UDP"), new Flow(from, dns, 53, "TCP"),
                    new Flow(from, teacher, 8000, "TCP"), new Flow(from, minio, 9000, "TCP"), new Flow(from, internet, 443, "TCP"),
                    new Flow(from, internet, 80, "TCP"), new Flow(from, privateAddress, 443, "TCP")));
        }
        Network network = new Network(manifests);
        List<String> problems = new ArrayList<>();
        for (Flow flow : candidates) {
            if (flow.from() == flow.to()) {
                continue;
            }
            boolean allowed = network.allows(flow);
            if (needed.contains(flow) && !allowed) {
                problems.add("needed but refused by the NetworkPolicies: " + flow);
            } else if (!needed.contains(flow) && allowed && (flow.from().governed() || flow.to().governed())) {
                problems.add("allowed by the NetworkPolicies, but nothing needs it: " + flow);
            }
        }
        return problems;
    }

    /** The model store the services are configured with (ConfigMap mcqa-model-store). */
    private static String storeUri(Manifests manifests) {
        return manifests.ofKind("ConfigMap").stream().filter(c -> Manifests.name(c).startsWith("mcqa-model-store"))
                .map(c -> c.path("data").path("MCQA_STORE_URI").asText()).findFirst().orElse("");
    }
}
