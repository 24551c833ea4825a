package dev.mcqa.trainer.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcqa.contract.Json;
import dev.mcqa.testing.Browser;
import dev.mcqa.testing.KafkaTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** trainer-service's page in headless Chromium: a run started from it, its loss curve, and its accuracy per task beside the baseline. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class TrainerPageTest {
    /** A 5-shot baseline card as bin/baseline writes it, with made-up figures (only its place on the page is tested). */
    private static final Map<String, Double> BASELINE = Map.of("accuracy", 0.25, "accuracy.anatomy", 0.2, "accuracy.astronomy", 0.4, "accuracy.virology", 0.1);

    @TestHTTPResource("/")
    URL page;

    @Test
    @SuppressWarnings("unchecked")
    void aRunStartedFromThePageShowsAPointPerStepAndItsAccuracyPerTask() throws Exception {
        Path baseline = Path.of("target/test-baselines/20990101-000000-test");
        Files.createDirectories(baseline);
        Files.writeString(baseline.resolve("model-card.json"), Json.encode(Map.of("version", "20990101-000000-test", "metrics", BASELINE)));
        TrainingTest.publishDataset();
        try (Browser browser = new Browser()) {
            browser.open(page.toString());
            browser.await(d -> !browser.driver().findElements(By.cssSelector("#dataset tbody tr")).isEmpty());

            browser.find("#start button[type=submit]").click(); // no operator token
            WebElement problem = browser.await(d -> browser.find("#run-problem").isDisplayed() ? browser.find("#run-problem") : null);
            assertTrue(problem.getText().toLowerCase(Locale.ROOT).contains("token"), problem.getText());

            int runsBefore = given().get("/v1/trainings").then().extract().jsonPath().getList("runs").size();
            browser.find("#token").sendKeys("test-operator-token");
            browser.find("#start button[type=submit]").click();
            browser.await(d -> given().get("/v1/trainings").then().extract().jsonPath().getList("runs").size() > runsBefore);
            String id = given().get("/v1/trainings").then().extract().path("runs[-1].id");
            browser.await(d -> {
                String state = given().get("/v1/trainings/" + id).then().extract().path("state");
                return List.of("RELEASED", "NOT_RELEASED").contains(state) ? state : null;
            });
            JsonNode run = Json.parse(given().get("/v1/trainings/" + id).then().extract().asString());
            int steps = run.get("totalSteps").asInt();
            assertEquals(steps, given().get("/v1/trainings/" + id + "/losses").then().extract().jsonPath().getList("$").size());
            browser.await(d -> browser.find("#loss-run").getText().equals(id) && browser.find("#loss-points").getText().equals(String.valueOf(steps)));
            Object points = ((JavascriptExecutor) browser.driver()).executeScript("return Chart.getChart('loss-chart').data.datasets[0].data.length");
            assertEquals((long) steps, points, "a point per logged step");

            browser.await(d -> !browser.driver().findElements(By.cssSelector("#tasks tbody tr")).isEmpty());
            Map<String, String> expected = new HashMap<>();
            run.get("metrics").fields().forEachRemaining(metric -> {
                if (metric.getKey().startsWith("accuracy.")) {
                    expected.put(metric.getKey().substring("accuracy.".length()), percent(metric.getValue().asDouble()));
                }
            });
            Map<String, String> shown = new HashMap<>();
            for (WebElement row : browser.driver().findElements(By.cssSelector("#tasks tbody tr"))) {
                List<WebElement> cells = row.findElements(By.tagName("td"));
                shown.put(cells.get(0).getText(), cells.get(1).getText());
                assertEquals(percent(BASELINE.get("accuracy." + cells.get(0).getText())), cells.get(3).getText(), "baseline of " + cells.get(0).getText());
            }
            assertEquals(expected, shown);
            browser.screenshot("trainer-page");

            // Any release picked in the list: its accuracy per task beside the release before it.
            List<Map<String, Object>> releases = given().get("/v1/trainings/releases").then().extract().jsonPath().getList("$");
            Map<String, Object> newest = releases.get(releases.size() - 1);
            Map<String, Object> before = releases.size() > 1 ? releases.get(releases.size() - 2) : null;
            new Select(browser.find("#release-choice")).selectByValue((String) newest.get("version"));
            browser.await(d -> browser.find("#release-version").getText().equals(newest.get("version")));
            Map<String, Object> metrics = (Map<String, Object>) newest.get("metrics");
            for (WebElement row : browser.driver().findElements(By.cssSelector("#tasks tbody tr"))) {
                List<WebElement> cells = row.findElements(By.tagName("td"));
                String task = cells.get(0).getText();
                assertEquals(percent(((Number) metrics.get("accuracy." + task)).doubleValue()), cells.get(1).getText(), task);
                Object previous = before == null ? null : ((Map<String, Object>) before.get("metrics")).get("accuracy." + task);
                assertEquals(previous == null ? "" : percent(((Number) previous).doubleValue()), cells.get(2).getText(), "previous release, " + task);
            }
            assertEquals(List.of(), browser.unlabelledControls(), "every form control has a label");
        }
    }

    /** As the page writes a share: percent with at most one decimal, no trailing zeros. */
    private static String percent(double share) {
        double value = Math.round(1000 * share) / 10.0;
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
