package dev.mcqa.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The image builds, read: each copies the Quarkus fast-jar layout and runs as a non-root user. */
class DockerfilesTest {

    @Test
    void eachImageCopiesTheFastJarAndRunsAsANonRootUser() {
        for (String service : DeployChecks.SERVICES) {
            List<String> lines = Dockerfiles.lines(DeployChecks.REPOSITORY, service);
            for (String part : List.of("target/quarkus-app/lib/ /deployments/lib/", "target/quarkus-app/*.jar /deployments/",
                    "target/quarkus-app/app/ /deployments/app/", "target/quarkus-app/quarkus/ /deployments/quarkus/")) {
                assertTrue(lines.stream().anyMatch(l -> l.startsWith("COPY") && l.endsWith(part)), service + " copies " + part);
            }
            int user = Dockerfiles.user(DeployChecks.REPOSITORY, service);
            assertTrue(user > 0, service + " runs as root");
            assertTrue(lines.stream().filter(l -> l.startsWith("COPY")).allMatch(l -> l.contains("--chown=" + user)),
                    service + ": every copied file belongs to the user it runs as");
            assertEquals("/deployments/quarkus-run.jar", lines.stream().filter(l -> l.startsWith("ENV JAVA_APP_JAR="))
                    .map(l -> l.substring("ENV JAVA_APP_JAR=".length()).replace("\"", "")).findFirst().orElse(""), service);
        }
    }
}
