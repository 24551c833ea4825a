package dev.mcqa.generator.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.mcqa.testing.FakeOpenAiResource;
import dev.mcqa.testing.FakeOpenAiServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A teacher endpoint that does not serve the configured model (here the default name, sent to a
 * server that lists only its own model, as vLLM or Ollama would): the teacher readiness check is
 * down and names the served models, instead of every item failing one by one later.
 */
@QuarkusTest
@TestProfile(TeacherReadinessTest.WrongModel.class)
class TeacherReadinessTest {

    public static class WrongModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mcqa.teacher.base-url", FakeOpenAiResource.server().baseUrl(), "mcqa.teacher.model", "gpt-4o-mini",
                    "kafka.bootstrap.servers", "localhost:1");
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void theTeacherCheckIsDownAndNamesTheServedModels() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'teacher' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'teacher' }.data.message", containsString(FakeOpenAiServer.MODEL))
                .body("checks.name", hasItem("teacher"));
    }
}
