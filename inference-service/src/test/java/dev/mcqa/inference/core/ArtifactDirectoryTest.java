package dev.mcqa.inference.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain Java: a release can only name an artifact under the model store. */
class ArtifactDirectoryTest {

    @Test
    void onlyDirectoriesUnderTheStoreAreServed(@TempDir Path root) throws Exception {
        Path store = Files.createDirectories(root.resolve("models"));
        Path release = Files.createDirectories(store.resolve("v1"));
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.createSymbolicLink(store.resolve("v2"), elsewhere);

        assertEquals(release.toRealPath(), ModelLoader.artifactDirectory(release.toUri().toString(), Optional.of(store)));
        for (String uri : new String[] {elsewhere.toUri().toString(), store.toUri() + "v1/../../elsewhere/",
                store.resolve("v2").toUri().toString(), "http://example.com/model/", "file:///etc/"}) {
            ModelLoader.BrokenArtifactException refused = assertThrows(ModelLoader.BrokenArtifactException.class,
                    () -> ModelLoader.artifactDirectory(uri, Optional.of(store)), uri);
            assertTrue(refused.getMessage().contains(uri), refused.getMessage());
        }
        assertEquals(elsewhere.toRealPath(), ModelLoader.artifactDirectory(elsewhere.toUri().toString(), Optional.empty()),
                "without a configured store any file: path is served (and a warning logged at start)");
    }
}
