package dev.mcqa.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which connections the rendered NetworkPolicies allow, evaluated as Kubernetes does: a pod selected
 * by a policy of a direction accepts in that direction only what one of those policies' rules
 * allows; a connection needs both the source's egress and the destination's ingress. The broker
 * pods' ingress is what Strimzi generates from the listener's networkPolicyPeers. Evaluated over a
 * fixed set of endpoints: the services, the Kafka brokers, the teacher and S3 servers a deployment
 * may run beside them, and pods and addresses outside (DNS, Prometheus, KEDA, a client, the internet).
 */
final class Network {
    static final String NAMESPACE = "mcqa";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A pod (namespace and labels, container ports by name) or an address outside the cluster. */
    record Endpoint(String name, String namespace, Map<String, String> labels, Map<String, Integer> namedPorts, String address) {
        static Endpoint pod(String name, String namespace, Map<String, String> labels, Map<String, Integer> namedPorts) {
            return new Endpoint(name, namespace, labels, namedPorts, null);
        }

        static Endpoint address(String name, String address) {
            return new Endpoint(name, null, Map.of(), Map.of(), address);
        }

        boolean isPod() {
            return address == null;
        }

        boolean governed() {
            return isPod() && NAMESPACE.equals(namespace);
        }
    }

    /** A connection to a port (a number) with a protocol. */
    record Flow(Endpoint from, Endpoint to, int port, String protocol) {
        @Override
        public String toString() {
            return from.name() + " -> " + to.name() + ":" + port + "/" + protocol;
        }
    }

    private final List<JsonNode> policies;

    Network(Manifests manifests) {
        List<JsonNode> all = new ArrayList<>(manifests.ofKind("NetworkPolicy"));
        manifests.ofKind("Kafka").forEach(kafka -> all.addAll(strimziListenerPolicies(kafka)));
        this.policies = all;
    }

    /** The policies Strimzi writes for the listeners: ingress to the brokers from networkPolicyPeers (everyone when unset). */
    private static List<JsonNode> strimziListenerPolicies(JsonNode kafka) {
        List<JsonNode> generated = new ArrayList<>();
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            ObjectNode policy = JSON.createObjectNode();
            policy.putObject("metadata").put("name", "strimzi-" + Manifests.name(kafka) + "-" + listener.path("name").asText())
                    .put("namespace", NAMESPACE);
            ObjectNode spec = policy.putObject("spec");
            spec.putObject("podSelector").putObject("matchLabels").put("strimzi.io/cluster", Manifests.name(kafka))
                    .put("strimzi.io/broker-role", "true");
            spec.putArray("policyTypes").add("Ingress");
            ObjectNode rule = spec.putArray("ingress").addObject();
            rule.putArray("ports").addObject().put("protocol", "TCP").put("port", listener.path("port").asInt());
            if (listener.has("networkPolicyPeers")) {
                rule.set("from", listener.path("networkPolicyPeers"));
            }
            generated.add(policy);
        }
        return generated;
    }

    boolean allows(Flow flow) {
        return directionAllows("Egress", flow.from(), flow.to(), flow) && directionAllows("Ingress", flow.to(), flow.from(), flow);
    }

    /** Whether the policies selecting {@code subject} in this direction (if any) let the flow through to or from {@code peer}. */
    private boolean directionAllows(String direction, Endpoint subject, Endpoint peer, Flow flow) {
        if (!subject.governed()) {
            return true; // outside this deployment: its own policies, not ours
        }
        List<JsonNode> selecting = policies.stream()
                .filter(p -> types(p).contains(direction) && Selectors.matches(p.path("spec").path("podSelector"), subject.labels())).toList();
        if (selecting.isEmpty()) {
            return true;
        }
        String rules = direction.equals("Egress") ? "egress" : "ingress";
        String peers = direction.equals("Egress") ? "to" : "from";
        for (JsonNode policy : selecting) {
            for (JsonNode rule : policy.path("spec").path(rules)) {
                boolean peerMatches = !rule.has(peers) || Manifests.elements(rule.path(peers)).stream().anyMatch(p -> peerMatches(p, peer, policy));
                boolean portMatches = !rule.has("ports") || Manifests.elements(rule.path("ports")).stream().anyMatch(p -> portMatches(p, flow));
                if (peerMatches && portMatches) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<String> types(JsonNode policy) {
        Set<String> types = new LinkedHashSet<>();
        if (policy.path("spec").has("policyTypes")) {
            policy.path("spec").path("policyTypes").forEach(t -> types.add(t.asText()));
        } else {
            types.add("Ingress");
            if (policy.path("spec").has("egress")) {
                types.add("Egress");
            }
        }
        return types;
    }

    private static boolean peerMatches(JsonNode peer, Endpoint endpoint, JsonNode policy) {
        if (peer.has("ipBlock")) {
            if (endpoint.isPod()) {
                return false; // pod addresses are the cluster's private ranges, which these blocks leave out
            }
            JsonNode block = peer.path("ipBlock");
            return inCidr(endpoint.address(), block.path("cidr").asText())
                    && Manifests.elements(block.path("except")).stream().noneMatch(e -> inCidr(endpoint.address(), e.asText()));
        }
        if (!endpoint.isPod()) {
            return false;
        }
        String policyNamespace = Optional.ofNullable(policy.path("metadata").path("namespace").textValue()).orElse(NAMESPACE);
        boolean namespaceMatches = peer.has("namespaceSelector")
                ? Selectors.matches(peer.path("namespaceSelector"), Map.of("kubernetes.io/metadata.name", endpoint.namespace()))
                : policyNamespace.equals(endpoint.namespace());
        return namespaceMatches && (!peer.has("podSelector") || Selectors.matches(peer.path("podSelector"), endpoint.labels()));
    }

    private static boolean portMatches(JsonNode port, Flow flow) {
        if (!port.path("protocol").asText("TCP").equals(flow.protocol())) {
            return false;
        }
        JsonNode number = port.path("port");
        if (number.isMissingNode()) {
            return true;
        }
        if (number.isInt()) {
            return number.asInt() == flow.port();
        }
        Integer named = flow.to().namedPorts().get(number.asText());
        return named != null && named == flow.port();
    }

    private static boolean inCidr(String address, String cidr) {
        try {
            byte[] ip = InetAddress.getByName(address).getAddress();
            String[] parts = cidr.split("/");
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            int bits = Integer.parseInt(parts[1]);
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((ip[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address + " or " + cidr, e);
        }
    }
}
