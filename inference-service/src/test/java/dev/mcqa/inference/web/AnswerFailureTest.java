package dev.mcqa.inference.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.onnxruntime.OrtException;
import dev.mcqa.inference.core.Answerer;
import dev.mcqa.inference.core.ModelHolder;
import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;

/** Plain Java: what a failed answer becomes over HTTP. */
class AnswerFailureTest {

    @Test
    void aModelFailureIsTheServicesA500NotAConflict() {
        for (Throwable failure : new Throwable[] {new OrtException("inference failed"), new IllegalStateException("the session is closed"),
                new OutOfMemoryError("injected")}) {
            RuntimeException answered = AnswerResource.answerFailure(failure);
            assertEquals(500, ((WebApplicationException) answered).getResponse().getStatus(), failure.toString());
            assertSame(failure, answered.getCause());
        }
    }

    @Test
    void theServicesOwnRefusalsKeepTheir503s() {
        for (RuntimeException refusal : new RuntimeException[] {new ModelHolder.NoModelException(), new Answerer.StoppedException()}) {
            assertSame(refusal, AnswerResource.answerFailure(refusal));
        }
    }
}
