package dev.mcqa.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fixture under src/test/resources/broken is the production overlay with one deliberate fault;
 * its folder name, "check--fault", says which check must catch it. It must fail that check and pass the others.
 */
class BrokenManifestsTest {
    private static final Path FIXTURES = Path.of("src/test/resources/broken");

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> folders = Files.list(FIXTURES)) {
            return folders.map(f -> f.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void failsExactlyItsCheck(String fixture) {
        DeployChecks expected = DeployChecks.valueOf(fixture.substring(0, fixture.indexOf("--")).toUpperCase(Locale.ROOT).replace('-', '_'));
        Manifests manifests = Manifests.render(FIXTURES.resolve(fixture));
        for (DeployChecks check : DeployChecks.values()) {
            List<String> problems = check.problems(manifests);
            if (check == expected) {
                assertFalse(problems.isEmpty(), fixture + " passed " + check);
                System.out.println(fixture + ": " + problems);
            } else {
                assertEquals(List.of(), problems, fixture + " failed " + check + " too");
            }
        }
    }
}
