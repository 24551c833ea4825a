package dev.mcqa.testing;

import io.github.embeddedkafka.EmbeddedK;
import io.github.embeddedkafka.EmbeddedKafka$;
import io.github.embeddedkafka.EmbeddedKafkaConfig$;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import scala.collection.immutable.Map$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A real Kafka broker (KRaft, one node) inside the test JVM, on free ports. One broker serves every
 * Quarkus application started in the JVM and stops with the JVM: restarting it per test class would
 * cost seconds and gain nothing, as tests keep their data apart by content.
 */
public class EmbeddedKafkaResource implements QuarkusTestResourceLifecycleManager {
    private static EmbeddedK broker;

    /** host:port of the broker, started on first use. */
    public static synchronized String bootstrapServers() {
        if (broker == null) {
            scala.collection.immutable.Map<String, String> brokerProperties = Map$.MODULE$.from(CollectionConverters.asScala(
                    Map.of("group.initial.rebalance.delay.ms", "0", "num.partitions", "1")));
            broker = EmbeddedKafka$.MODULE$.start(EmbeddedKafkaConfig$.MODULE$.apply(0, 0, brokerProperties,
                    Map$.MODULE$.empty(), Map$.MODULE$.empty()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> broker.stop(true), "embedded-kafka-stop"));
        }
        return "localhost:" + broker.config().kafkaPort();
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
