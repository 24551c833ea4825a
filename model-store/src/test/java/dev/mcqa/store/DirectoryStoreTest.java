package dev.mcqa.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local directory store: versions written whole and once; only directories under it are fetched. */
class DirectoryStoreTest {
    private static final Artifact ARTIFACT = new Artifact(new byte[] {1, 2, 3}, "{}".getBytes(StandardCharsets.UTF_8), "{\"version\":\"v1\"}");

    @Test
    void aVersionIsWrittenOnceAndFetchedFromItsUri(@TempDir Path root) throws Exception {
        DirectoryStore store = new DirectoryStore(root.resolve("models"));
        URI uri = store.write("v1", ARTIFACT);
        assertEquals(root.resolve("models/v1").toUri(), uri);
        Path fetched = store.fetch(uri);
        assertArrayEquals(ARTIFACT.model(), Files.readAllBytes(fetched.resolve(ModelStore.MODEL)));
        assertEquals(ARTIFACT.card(), Files.readString(fetched.resolve(ModelStore.CARD)));
        assertFalse(Files.exists(fetched.resolve(ModelStore.MODEL_INT8)), "no int8 form: no int8 file");
        assertThrows(FileAlreadyExistsException.class, () -> store.write("v1", ARTIFACT));
        Artifact withInt8 = new Artifact(ARTIFACT.model(), ARTIFACT.tokenizer(), ARTIFACT.card(), new byte[] {4, 5});
        assertArrayEquals(withInt8.int8Model(), Files.readAllBytes(store.fetch(store.write("v2", withInt8)).resolve(ModelStore.MODEL_INT8)));
        try (var entries = Files.list(root.resolve("models"))) {
            assertEquals(2, entries.count(), "no partial directory is left behind");
        }
    }

    @Test
    void onlyDirectoriesUnderTheStoreAreFetched(@TempDir Path root) throws Exception {
        Path models = Files.createDirectories(root.resolve("models"));
        Path release = Files.createDirectories(models.resolve("v1"));
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.createSymbolicLink(models.resolve("v2"), elsewhere);
        DirectoryStore store = new DirectoryStore(models);

        assertEquals(release.toRealPath(), store.fetch(release.toUri()));
        for (String uri : new String[] {elsewhere.toUri().toString(), models.toUri() + "v1/../../elsewhere/",
                models.resolve("v2").toUri().toString(), "http://example.com/model/", "s3://bucket/v1/", "file:///etc/"}) {
            IOException refused = assertThrows(IOException.class, () -> store.fetch(URI.create(uri)), uri);
            assertTrue(refused.getMessage().contains(uri), refused.getMessage());
        }
        assertEquals(elsewhere.toRealPath(), DirectoryStore.anywhere().fetch(elsewhere.toUri()),
                "without a configured store any file: path is fetched (inference warns at start)");
    }
}
