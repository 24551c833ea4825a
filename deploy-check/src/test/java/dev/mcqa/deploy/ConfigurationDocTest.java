package dev.mcqa.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md against the code: under the heading of each module that declares config
 * mappings, a row for every key of them with the code's default, and no row for a key the code does
 * not have. A key added in code and not documented, a row left behind by a removed key, or a default
 * changed on one side only fails here.
 */
class ConfigurationDocTest {
    private static final Pattern HEADING = Pattern.compile("^## (\\S+)");
    /** A table row: | `key` | `default` or none | meaning |. */
    private static final Pattern ROW = Pattern.compile("^\\| `(mcqa\\.[^`]+)` \\| (?:`([^`]*)`|none) \\|");

    @Test
    void everyKeyIsDocumentedUnderItsModuleWithItsDefault() throws Exception {
        Map<String, Map<String, String>> documented = new TreeMap<>();
        String module = "(before any heading)";
        for (String line : Files.readAllLines(DeployChecks.REPOSITORY.resolve("docs/configuration.md"))) {
            Matcher heading = HEADING.matcher(line);
            Matcher row = ROW.matcher(line);
            if (heading.find()) {
                module = heading.group(1);
            } else if (row.find()) {
                documented.computeIfAbsent(module, m -> new TreeMap<>()).put(row.group(1), row.group(2));
            }
        }
        assertEquals(format(ServiceConfiguration.keysByModule()), format(documented),
                "docs/configuration.md: under '## <module>', a row | `key` | `default` or none | meaning | for each key of the module's config mappings");
    }

    private static String format(Map<String, Map<String, String>> byModule) {
        StringBuilder text = new StringBuilder();
        byModule.forEach((module, keys) -> {
            text.append("## ").append(module).append('\n');
            keys.forEach((key, value) -> text.append("| `").append(key).append("` | ").append(value == null ? "none" : "`" + value + "`").append(" |\n"));
        });
        return text.toString();
    }
}
