package dev.mcqa.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Checks of a service's messaging settings (its src/main/resources/application.properties), for the
 * service's own tests: what SmallRye's defaults would otherwise decide silently.
 */
public final class ChannelSettings {
    private static final Pattern OUTGOING = Pattern.compile("mp\\.messaging\\.outgoing\\.([\\w-]+)\\.connector");
    private static final Pattern DEAD_LETTERED = Pattern.compile("mp\\.messaging\\.incoming\\.([\\w-]+)\\.failure-strategy");
    private final Properties properties = new Properties();

    private ChannelSettings(Path file) {
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings of the module the test runs in. */
    public static ChannelSettings ofThisService() {
        return new ChannelSettings(Path.of("src/main/resources/application.properties"));
    }

    /**
     * Every dead-letter queue writes with acks=all and idempotence: SmallRye's outgoing default is
     * acks=1, with which a dead-lettered record can vanish on a leader change and a retried one be doubled.
     */
    public ChannelSettings deadLetterQueuesAreDurable() {
        writersAreDurable(DEAD_LETTERED, "dead-letter-queue", "mp.messaging.incoming.%s.dead-letter-queue.", "dead-letter queue");
        return this;
    }

    /**
     * Every producer of the service writes with acks=all and idempotence, set explicitly: SmallRye's
     * outgoing default is acks=1, and Kafka's implicit idempotence is dropped silently when another
     * setting conflicts with it, whereas an explicit one fails at start.
     */
    public ChannelSettings producersAreDurable() {
        writersAreDurable(OUTGOING, "smallrye-kafka", "mp.messaging.outgoing.%s.", "producer");
        return this;
    }

    /** For each channel whose key matches with this value, acks=all and enable.idempotence=true under the prefix. */
    private void writersAreDurable(Pattern channelKey, String value, String prefixFormat, String what) {
        int writers = 0;
        for (String key : properties.stringPropertyNames()) {
            Matcher channel = channelKey.matcher(key);
            if (channel.matches() && properties.getProperty(key).equals(value)) {
                String prefix = String.format(prefixFormat, channel.group(1));
                assertEquals("all", properties.getProperty(prefix + "acks"), prefix + "acks");
                assertEquals("true", properties.getProperty(prefix + "enable.idempotence"), prefix + "enable.idempotence");
                writers++;
            }
        }
        assertTrue(writers > 0, "the service has no " + what + " to check");
    }

    /**
     * A wait on a send outlasts the channel's delivery timeout, so the producer's own verdict
     * (delivered or failed) comes first: a shorter wait reports failed what may yet be delivered.
     */
    public ChannelSettings sendWaitOutlastsDelivery(String outgoingChannel, Duration wait) {
        String configured = properties.getProperty("mp.messaging.outgoing." + outgoingChannel + ".delivery.timeout.ms");
        long delivery = configured != null ? Long.parseLong(configured)
                : ((Number) ProducerConfig.configDef().defaultValues().get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).longValue();
        assertTrue(wait.toMillis() > delivery, outgoingChannel + ": the send wait " + wait.toMillis() + " ms is not longer than the delivery timeout "
                + delivery + " ms");
        return this;
    }
}
