package dev.mcqa.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import software.amazon.awssdk.core.SdkSystemSetting;

/**
 * Which environment variables a service reads, from the service itself: the keys of its
 * {@code @ConfigMapping} interfaces (its own and those of the project modules it depends on, through
 * SmallRye Config's own model of them), the keys and {@code ${...}} expressions of its
 * application.properties, Kafka client settings ({@code KAFKA_*}, from Kafka's own config
 * definitions), the AWS SDK's settings where the service uses the model store, and the few variables
 * its runtime reads outside configuration.
 */
final class ServiceConfiguration {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>\\s*<groupId>dev\\.mcqa</groupId>\\s*<artifactId>([\\w-]+)</artifactId>(.*?)</dependency>",
            Pattern.DOTALL);
    /** Read outside Quarkus configuration: by the image's run-java.sh (all), by DJL and libtorch's MKL (the trainer). */
    private static final List<String> RUNTIME = List.of("JAVA_OPTS_APPEND");
    private static final List<String> TRAINER_RUNTIME = List.of("DJL_CACHE_DIR", "MKL_DYNAMIC", "MKL_CBWR");
    private static final List<Class<?>> MAPPINGS = configMappings();

    private final List<Pattern> keys;
    private final Set<String> variables;

    private ServiceConfiguration(List<Pattern> keys, Set<String> variables) {
        this.keys = keys;
        this.variables = variables;
    }

    static ServiceConfiguration of(Path repository, String service) {
        Set<String> modules = new HashSet<>(modules(repository, service));
        List<String> properties = new ArrayList<>();
        Set<String> variables = new TreeSet<>(RUNTIME);
        for (Class<?> mapping : MAPPINGS) {
            if (modules.contains(module(mapping))) {
                String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
                properties.addAll(ConfigMappings.getProperties(new ConfigMappings.ConfigClass(mapping, prefix)).keySet());
            }
        }
        Properties applicationProperties = new Properties();
        try (Reader in = Files.newBufferedReader(repository.resolve(service).resolve("src/main/resources/application.properties"))) {
            applicationProperties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : applicationProperties.stringPropertyNames()) {
            properties.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
            Matcher expression = EXPRESSION.matcher(applicationProperties.getProperty(key));
            while (expression.find()) {
                properties.add(expression.group(1));
            }
        }
        Stream.concat(ProducerConfig.configNames().stream(), ConsumerConfig.configNames().stream()).forEach(k -> properties.add("kafka." + k));
        if (modules.contains("model-store")) {
            for (SdkSystemSetting setting : SdkSystemSetting.values()) {
                if (setting.environmentVariable() != null) {
                    variables.add(setting.environmentVariable());
                }
            }
        }
        if (service.equals("trainer-service")) {
            variables.addAll(TRAINER_RUNTIME);
        }
        List<Pattern> keys = properties.stream().map(ServiceConfiguration::environmentPattern).toList();
        return new ServiceConfiguration(keys, variables);
    }

    /** The keys of the project's config mappings with their defaults (null: none), by the module that declares them. */
    static Map<String, Map<String, String>> keysByModule() {
        Map<String, Map<String, String>> byModule = new TreeMap<>();
        for (Class<?> mapping : MAPPINGS) {
            Map<String, String> keys = byModule.computeIfAbsent(module(mapping), m -> new TreeMap<>());
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            ConfigMappings.getProperties(new ConfigMappings.ConfigClass(mapping, prefix)).forEach((key, property) ->
                    keys.put(key, property.hasDefaultValue() ? property.getDefaultValue() : null));
        }
        return byModule;
    }

    /** Whether the service reads this environment variable. */
    boolean reads(String variable) {
        return variables.contains(variable) || keys.stream().anyMatch(k -> k.matcher(variable).matches());
    }

    /**
     * A property as the environment variable SmallRye Config maps to it: non-alphanumerics to '_',
     * upper case; a map or list placeholder ({@code *}) stands for any name.
     */
    private static Pattern environmentPattern(String property) {
        StringBuilder pattern = new StringBuilder();
        for (String part : property.split("\\*", -1)) {
            if (pattern.length() > 0) {
                pattern.append("[A-Z0-9_]+");
            }
            pattern.append(Pattern.quote(part.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT)));
        }
        return Pattern.compile(pattern.toString());
    }

    /** The service and the project modules it depends on outside tests. */
    private static List<String> modules(Path repository, String service) {
        try {
            String pom = Files.readString(repository.resolve(service).resolve("pom.xml"));
            List<String> modules = new ArrayList<>(List.of(service));
            Matcher dependency = DEPENDENCY.matcher(pom);
            while (dependency.find()) {
                if (!dependency.group(2).contains("<scope>test</scope>")) {
                    modules.add(dependency.group(1));
                }
            }
            return modules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project module a class was built in: the folder of target/classes, or the jar's artifact name. */
    private static String module(Class<?> type) {
        try {
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            String name = location.getFileName().toString();
            return name.endsWith(".jar") ? name.substring(0, name.lastIndexOf('-', name.lastIndexOf("-SNAPSHOT") - 1))
                    : location.getParent().getParent().getFileName().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every {@code @ConfigMapping} interface of the project's modules on the class path. */
    private static List<Class<?>> configMappings() {
        List<Class<?>> mappings = new ArrayList<>();
        try {
            for (URL root : Collections.list(ServiceConfiguration.class.getClassLoader().getResources("dev/mcqa"))) {
                for (String className : classNames(root)) {
                    Class<?> type = Class.forName(className, false, ServiceConfiguration.class.getClassLoader());
                    if (type.isAnnotationPresent(ConfigMapping.class)) {
                        mappings.add(type);
                    }
                }
            }
        } catch (IOException | ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the project's classes", e);
        }
        return mappings;
    }

    private static List<String> classNames(URL root) throws IOException, URISyntaxException {
        if (root.getProtocol().equals("jar")) {
            JarURLConnection connection = (JarURLConnection) root.openConnection();
            connection.setUseCaches(false); // closing a cached JarFile would break class loading from it
            try (JarFile jar = connection.getJarFile()) {
                return jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("dev/mcqa/") && n.endsWith(".class"))
                        .map(n -> n.substring(0, n.length() - 6).replace('/', '.')).toList();
            }
        }
        Path base = Path.of(root.toURI()).getParent().getParent();
        try (Stream<Path> files = Files.walk(Path.of(root.toURI()))) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> base.relativize(f).toString().replace(java.io.File.separatorChar, '.').replaceAll("\\.class$", "")).toList();
        }
    }
}
