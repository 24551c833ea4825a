package dev.mcqa.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service does on Kafka, read from its application.properties (its SmallRye channels): the
 * topics it reads, the topics it writes (outgoing channels and dead-letter queues) and its consumer
 * groups, a group id ending in a ${...} expression (one group per instance) being a prefix.
 */
record ServiceChannels(String service, Set<String> reads, Set<String> writes, Set<String> groups, Set<String> groupPrefixes) {
    private static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([\\w-]+)\\.connector");

    static ServiceChannels of(Path repository, String service) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(repository.resolve(service).resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> reads = new TreeSet<>();
        Set<String> writes = new TreeSet<>();
        Set<String> groups = new TreeSet<>();
        Set<String> prefixes = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher channel = CHANNEL.matcher(key);
            if (!channel.matches() || !"smallrye-kafka".equals(properties.getProperty(key))) {
                continue;
            }
            String prefix = "mp.messaging." + channel.group(1) + "." + channel.group(2) + ".";
            String topic = properties.getProperty(prefix + "topic", channel.group(2)); // SmallRye: the channel name by default
            if (channel.group(1).equals("outgoing")) {
                writes.add(topic);
                continue;
            }
            reads.add(topic);
            if ("dead-letter-queue".equals(properties.getProperty(prefix + "failure-strategy"))) {
                writes.add(properties.getProperty(prefix + "dead-letter-queue.topic", "dead-letter-topic-" + channel.group(2)));
            }
            String group = properties.getProperty(prefix + "group.id");
            if (group == null) {
                throw new IllegalStateException(service + ": channel " + channel.group(2) + " has no group.id (SmallRye would pick a random one)");
            }
            if (group.contains("${")) {
                prefixes.add(group.substring(0, group.indexOf("${")));
            } else {
                groups.add(group);
            }
        }
        return new ServiceChannels(service, reads, writes, groups, prefixes);
    }
}
