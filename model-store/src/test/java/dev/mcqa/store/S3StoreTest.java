package dev.mcqa.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 store against a real S3 server (s3proxy) in the JVM. */
class S3StoreTest {
    private static S3Server server;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start("models", "other");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private static Artifact artifact(String version) {
        return new Artifact(("onnx of " + version).getBytes(StandardCharsets.UTF_8), "{\"tokenizer\":1}".getBytes(StandardCharsets.UTF_8),
                "{\"version\":\"" + version + "\"}");
    }

    private static List<String> cached(Path cache) throws IOException {
        try (Stream<Path> entries = Files.list(cache)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWrittenVersionIsFetchedByAnotherInstanceWithItsOwnEmptyCache(@TempDir Path trainerCache, @TempDir Path inferenceCache) throws Exception {
        ModelStore trainer = ModelStores.open(server.settings("s3://models/team-a/releases/", trainerCache));
        ModelStore inference = ModelStores.open(server.settings("s3://models/team-a/releases", inferenceCache));
        assertInstanceOf(S3Store.class, trainer);

        URI uri = trainer.write("v1", artifact("v1"));
        assertEquals(URI.create("s3://models/team-a/releases/v1/"), uri);
        Path fetched = inference.fetch(uri);
        assertEquals(inferenceCache.resolve("v1"), fetched);
        assertArrayEquals(artifact("v1").model(), Files.readAllBytes(fetched.resolve(ModelStore.MODEL)));
        assertArrayEquals(artifact("v1").tokenizer(), Files.readAllBytes(fetched.resolve(ModelStore.TOKENIZER)));
        assertEquals(artifact("v1").card(), Files.readString(fetched.resolve(ModelStore.CARD)));
        assertFalse(Files.exists(fetched.resolve(ModelStore.MODEL_INT8)), "no int8 form: no int8 file");
        assertThrows(FileAlreadyExistsException.class, () -> trainer.write("v1", artifact("v1")), "a version is written once");
        Artifact withInt8 = new Artifact(artifact("v2").model(), artifact("v2").tokenizer(), artifact("v2").card(), "int8 of v2".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(withInt8.int8Model(), Files.readAllBytes(inference.fetch(trainer.write("v2", withInt8)).resolve(ModelStore.MODEL_INT8)));
    }

    @Test
    void aFetchReplacesAStaleCopyAndKeepOnlyFreesTheRest(@TempDir Path cache) throws Exception {
        ModelStore store = ModelStores.open(server.settings("s3://models/keep", cache));
        URI first = store.write("v1", artifact("v1"));
        URI second = store.write("v2", artifact("v2"));
        Files.createDirectories(cache.resolve("v1"));
        Files.writeString(cache.resolve("v1").resolve(ModelStore.MODEL), "stale bytes from an earlier download");

        assertArrayEquals(artifact("v1").model(), Files.readAllBytes(store.fetch(first).resolve(ModelStore.MODEL)));
        store.fetch(second);
        assertEquals(List.of("v1", "v2"), cached(cache));
        store.keepOnly(Set.of(second, URI.create("s3://other/keep/v1/")));
        assertEquals(List.of("v2"), cached(cache));
        store.keepOnly(Set.of());
        assertEquals(List.of(), cached(cache), "nothing served: nothing kept");
    }

    @Test
    void aMissingObjectFailsTheFetchAndLeavesNothingInTheCache(@TempDir Path cache) throws Exception {
        ModelStore store = ModelStores.open(server.settings("s3://models/missing", cache));
        IOException failed = assertThrows(IOException.class, () -> store.fetch(URI.create("s3://models/missing/v9/")));
        assertTrue(failed.getMessage().contains("s3://models/missing/v9/"), failed.getMessage());
        assertEquals(List.of(), cached(cache));
    }

    @Test
    void onlyVersionsOfThisStoreAreFetched(@TempDir Path cache) throws Exception {
        ModelStore store = ModelStores.open(server.settings("s3://models/fenced", cache));
        ModelStores.open(server.settings("s3://other/fenced", cache)).write("v1", artifact("v1"));
        ModelStores.open(server.settings("s3://models/elsewhere", cache)).write("v1", artifact("v1"));
        for (String uri : new String[] {"s3://other/fenced/v1/", "s3://models/elsewhere/v1/", "s3://models/fenced/../elsewhere/v1/",
                "s3://models/fenced/a/v1/", "s3://models/fenced/v1", "file:///etc/", "s3://models/fenced/%2e%2e/"}) {
            IOException refused = assertThrows(IOException.class, () -> store.fetch(URI.create(uri)), uri);
            assertTrue(refused.getMessage().contains(uri), refused.getMessage());
        }
        assertFalse(Files.exists(cache.resolve("v1")));
    }
}
