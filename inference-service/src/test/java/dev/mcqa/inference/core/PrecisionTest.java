package dev.mcqa.inference.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OrtSession;
import dev.mcqa.encoding.McqaInput;
import dev.mcqa.store.Artifact;
import dev.mcqa.store.DirectoryStore;
import dev.mcqa.store.ModelStore;
import dev.mcqa.inference.web.Artifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain Java: which form of a release is served, and the fall-back to fp32. */
class PrecisionTest {
    private static final List<McqaInput> QUESTION = List.of(new McqaInput("Which planet is largest?", List.of("Mars", "Jupiter", "Venus")));

    private static String served(Path directory, Precision precision) throws Exception {
        ServedModel model = new ModelLoader(OrtSession.SessionOptions::new, precision, Batching.ON, 16).load(directory, directory.toUri().toString(), "v", null);
        try {
            model.logits(QUESTION); // it answers, whichever form it is
            return model.precision();
        } finally {
            model.release();
        }
    }

    @Test
    void theInt8FormIsServedWhenTheReleaseCarriesItAndThePrecisionAllows(@TempDir Path root) throws Exception {
        DirectoryStore store = new DirectoryStore(root);
        Path withInt8 = store.fetch(store.write("with-int8", Artifacts.withInt8("with-int8")));
        assertEquals("int8", served(withInt8, Precision.AUTO));
        assertEquals("int8", served(withInt8, Precision.INT8));
        assertEquals("fp32", served(withInt8, Precision.FP32));

        Artifact plain = Artifacts.withInt8("plain");
        Path withoutInt8 = store.fetch(store.write("plain", new Artifact(plain.model(), plain.tokenizer(), plain.card())));
        assertEquals("fp32", served(withoutInt8, Precision.INT8), "no int8 file: fp32, with a warning");

        Files.write(withInt8.resolve(ModelStore.MODEL_INT8), new byte[] {1, 2, 3});
        assertEquals("fp32", served(withInt8, Precision.AUTO), "an int8 file its card does not name: fp32");
    }
}
