package dev.mcqa.deploy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.embeddedkafka.EmbeddedK;
import io.github.embeddedkafka.EmbeddedKafka$;
import io.github.embeddedkafka.EmbeddedKafkaConfig$;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.collection.immutable.Map$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The ACLs of deploy/'s KafkaUsers, enforced by a real broker: a KRaft broker inside the test JVM with
 * Kafka's own authorizer (StandardAuthorizer, what Strimzi's simple authorization runs) and a
 * SCRAM-SHA-512 listener. Each service's user, with the ACLs exactly as rendered, does everything its
 * channels do (idempotent acks=all writes, group reads and commits) and nothing else. The listener is
 * SASL without TLS: TLS does not change what is authorized.
 */
class AclEnforcementTest {
    private static final String KEDA = "keda-lag-reader";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static EmbeddedK broker;
    private static String adminBootstrap;
    private static String saslBootstrap;
    private static final Map<String, String> PASSWORDS = new HashMap<>();
    private static Map<String, ServiceChannels> channels;
    private static Set<String> topics;

    @BeforeAll
    static void startBrokerWithTheRenderedUsers() throws Exception {
        int plain = freePort();
        int sasl = freePort();
        int controller = freePort();
        Map<String, String> properties = Map.of(
                "listeners", "BROKER://localhost:" + plain + ",SASL://localhost:" + sasl + ",CONTROLLER://localhost:" + controller,
                "advertised.listeners", "BROKER://localhost:" + plain + ",SASL://localhost:" + sasl,
                "listener.security.protocol.map", "BROKER:PLAINTEXT,SASL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "listener.name.sasl.sasl.enabled.mechanisms", "SCRAM-SHA-512",
                "listener.name.sasl.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                // the plaintext listeners are this test's administration (and the controller's): unauthenticated, super users
                "super.users", "User:ANONYMOUS",
                "auto.create.topics.enable", "false",
                "group.initial.rebalance.delay.ms", "0");
        broker = EmbeddedKafka$.MODULE$.start(EmbeddedKafkaConfig$.MODULE$.apply(plain, controller,
                Map$.MODULE$.from(CollectionConverters.asScala(properties)), Map$.MODULE$.empty(), Map$.MODULE$.empty()));
        adminBootstrap = "localhost:" + plain;
        saslBootstrap = "localhost:" + sasl;

        Manifests production = Manifests.render(DeployChecks.REPOSITORY.resolve("deploy/overlays/production"));
        channels = DeployChecks.serviceChannels();
        topics = new TreeSet<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, adminBootstrap))) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (JsonNode topic : production.ofKind("KafkaTopic")) {
                topics.add(Manifests.name(topic));
                newTopics.add(new NewTopic(Manifests.name(topic), topic.path("spec").path("partitions").asInt(), (short) 1));
            }
            admin.createTopics(newTopics).all().get();
            List<AclBinding> acls = new ArrayList<>();
            List<UserScramCredentialUpsertion> users = new ArrayList<>();
            for (JsonNode user : production.ofKind("KafkaUser")) {
                String name = Manifests.name(user);
                PASSWORDS.put(name, UUID.randomUUID().toString());
                users.add(new UserScramCredentialUpsertion(name, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORDS.get(name)));
                for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                    JsonNode resource = acl.path("resource");
                    ResourcePattern pattern = new ResourcePattern(ResourceType.fromString(resource.path("type").asText()),
                            resource.path("name").asText(), resource.path("patternType").asText("literal").equals("prefix") ? PatternType.PREFIXED : PatternType.LITERAL);
                    for (JsonNode operation : acl.path("operations")) {
                        acls.add(new AclBinding(pattern, new AccessControlEntry("User:" + name, acl.path("host").asText("*"),
                                AclOperation.fromString(operation.asText()), AclPermissionType.fromString(acl.path("type").asText("allow")))));
                    }
                }
            }
            admin.alterUserScramCredentials(new ArrayList<>(users)).all().get();
            admin.createAcls(acls).all().get();
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop(true);
        }
    }

    @Test
    void eachServiceCanDoWhatItsChannelsDo() {
        for (ServiceChannels service : channels.values()) {
            for (String topic : service.writes()) {
                assertDoesNotThrow(() -> write(service.service(), topic), service.service() + " writes " + topic);
            }
            Set<String> groups = new TreeSet<>(service.groups());
            service.groupPrefixes().forEach(prefix -> groups.add(prefix + UUID.randomUUID()));
            for (String topic : service.reads()) {
                for (String group : groups) {
                    assertDoesNotThrow(() -> readAndCommit(service.service(), topic, group),
                            service.service() + " reads " + topic + " in group " + group);
                }
            }
        }
    }

    @Test
    void noServiceWritesATopicItsChannelsDoNotWrite() {
        List<String> written = new ArrayList<>();
        for (ServiceChannels service : channels.values()) {
            for (String topic : topics) {
                if (!service.writes().contains(topic)) {
                    try {
                        write(service.service(), topic);
                        written.add(service.service() + " -> " + topic);
                    } catch (Exception e) {
                        assertInstanceOf(TopicAuthorizationException.class, unwrapped(e), service.service() + " -> " + topic);
                    }
                }
            }
        }
        assertEquals(List.of(), written, "writes the brokers should have refused");
        assertTrue(topics.contains("mcqa.models"), "the release topic is among those checked");
    }

    @Test
    void noServiceReadsInAnotherServicesConsumerGroup() {
        ServiceChannels inference = channels.get("inference-service");
        ServiceChannels scorer = channels.get("scorer-service");
        String scorerGroup = scorer.groups().iterator().next();
        try {
            readAndCommit(inference.service(), "mcqa.models", scorerGroup);
            fail("inference-service joined the scorer's group " + scorerGroup);
        } catch (Exception e) {
            assertInstanceOf(GroupAuthorizationException.class, unwrapped(e));
        }
    }

    /** What KEDA's kafka scaler asks for (committed offsets of the group, end offsets of the topic) as its own user, and no more. */
    @Test
    void kedaReadsTheLagOfTheScaledGroupsAndNothingElse() throws Exception {
        Map<String, String> scaled = Map.of("scorer-service", "mcqa.generated", "generator-service", "mcqa.seeds");
        try (Admin admin = Admin.create(client(KEDA))) {
            for (Map.Entry<String, String> groupAndTopic : scaled.entrySet()) {
                admin.listConsumerGroupOffsets(groupAndTopic.getKey()).partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                admin.describeTopics(List.of(groupAndTopic.getValue())).allTopicNames().get().get(groupAndTopic.getValue()).partitions()
                        .forEach(p -> ends.put(new TopicPartition(groupAndTopic.getValue(), p.partition()), OffsetSpec.latest()));
                assertFalse(admin.listOffsets(ends).all().get().isEmpty(), groupAndTopic.toString());
            }
        }
        for (String topic : scaled.values()) {
            // Refused at the topic, or before it: an idempotent producer without any Write gets no producer id
            // (cluster authorization), which the client may report wrapped.
            Throwable refused = assertThrows(Exception.class, () -> write(KEDA, topic));
            while (!(refused instanceof AuthorizationException) && refused.getCause() != null) {
                refused = refused.getCause();
            }
            assertInstanceOf(AuthorizationException.class, refused, KEDA + " -> " + topic);
        }
        Exception refused = assertThrows(Exception.class, () -> readAndCommit(KEDA, "mcqa.generated", "scorer-service"));
        assertInstanceOf(GroupAuthorizationException.class, unwrapped(refused), KEDA + " joins scorer-service");
    }

    private static Map<String, Object> client(String user) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, saslBootstrap);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "SCRAM-SHA-512");
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + PASSWORDS.get(user) + "\";");
        return config;
    }

    /** As the services' producers write: acks=all with idempotence. */
    private static void write(String user, String topic) throws Exception {
        Map<String, Object> config = client(user);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WAIT.toMillis());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "acl-test", "{}")).get();
        }
    }

    /** As the services' consumers read: a group member that polls and commits. */
    private static void readAndCommit(String user, String topic, String group) {
        Map<String, Object> config = client(user);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (consumer.assignment().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(user + " got no partition of " + topic + " in group " + group);
                }
                consumer.poll(Duration.ofMillis(200));
            }
            consumer.commitSync();
        }
    }

    /** What a producer's send future failed with. */
    private static Throwable unwrapped(Throwable e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
