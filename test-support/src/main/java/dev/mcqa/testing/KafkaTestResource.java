package dev.mcqa.testing;

import io.github.embeddedkafka.EmbeddedK;
import io.github.embeddedkafka.EmbeddedKafka$;
import io.github.embeddedkafka.EmbeddedKafkaConfig$;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import scala.collection.immutable.Map$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The tests' Kafka broker, from one place. By default a real broker (KRaft, one node) inside the
 * test JVM, on free ports. With {@code -Dmcqa.test.kafka=testcontainers} and a Docker engine
 * reachable, a Testcontainers Kafka instead; without an engine that choice falls back to the
 * in-JVM broker and says so. One broker serves every Quarkus application started in the JVM and
 * stops with the JVM: restarting it per test class would cost seconds and gain nothing, as tests
 * keep their data apart by content.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    private static final Logger LOG = Logger.getLogger(KafkaTestResource.class.getName());
    static final String PROPERTY = "mcqa.test.kafka";
    static final String IMAGE = "apache/kafka:4.1.1";
    private static String bootstrap;

    /** Where the tests' broker comes from. */
    enum Source { EMBEDDED, TESTCONTAINERS }

    /** host:port of the broker, started on first use. */
    public static synchronized String bootstrapServers() {
        if (bootstrap == null) {
            bootstrap = switch (source(System.getProperty(PROPERTY, "embedded"), () -> DockerClientFactory.instance().isDockerAvailable())) {
                case EMBEDDED -> embedded();
                case TESTCONTAINERS -> container();
            };
        }
        return bootstrap;
    }

    /**
     * The broker to use for the property's value: testcontainers only where a Docker engine answers
     * (otherwise the in-JVM broker, with a warning); an unknown value is an error naming the property.
     */
    static Source source(String value, BooleanSupplier dockerAvailable) {
        return switch (value) {
            case "embedded" -> Source.EMBEDDED;
            case "testcontainers" -> {
                if (dockerAvailable.getAsBoolean()) {
                    yield Source.TESTCONTAINERS;
                }
                LOG.warning(PROPERTY + "=testcontainers, but no Docker engine is reachable: the tests use the in-JVM broker");
                yield Source.EMBEDDED;
            }
            default -> throw new IllegalArgumentException(PROPERTY + " must be embedded or testcontainers, not " + value);
        };
    }

    private static String embedded() {
        scala.collection.immutable.Map<String, String> brokerProperties = Map$.MODULE$.from(CollectionConverters.asScala(
                Map.of("group.initial.rebalance.delay.ms", "0", "num.partitions", "1")));
        EmbeddedK broker = EmbeddedKafka$.MODULE$.start(EmbeddedKafkaConfig$.MODULE$.apply(0, 0, brokerProperties,
                Map$.MODULE$.empty(), Map$.MODULE$.empty()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> broker.stop(true), "embedded-kafka-stop"));
        return "localhost:" + broker.config().kafkaPort();
    }

    private static String container() {
        KafkaContainer kafka = new KafkaContainer(IMAGE).withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "kafka-container-stop"));
        return kafka.getBootstrapServers();
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers(),
                "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // The broker outlives each application; see the class comment.
    }
}
