package dev.mcqa.inference.web;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.contract.ModelRelease;
import dev.mcqa.contract.Json;
import dev.mcqa.testing.Browser;
import dev.mcqa.testing.KafkaTestClient;
import dev.mcqa.testing.KafkaTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/** inference-service's page in headless Chromium: what it shows is what the REST API answers. */
@QuarkusTest
@TestProfile(InferencePageTest.OwnReleases.class)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
class InferencePageTest {
    private static final String QUESTION = "Which planet is the largest in the solar system?";
    private static final List<String> CHOICES = List.of("Mars", "Jupiter", "Venus", "Earth");

    /** Its own releases topic: the page shows this test's release, whatever the other tests publish. */
    public static class OwnReleases implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.models-in.topic", TOPIC);
        }
    }

    private static final String TOPIC = "mcqa.models.page-test";

    @TestHTTPResource("/")
    URL page;

    @Test
    void theAnswerShownIsThePostedAnswerAndTheModelIsTheServedOne() throws Exception {
        ModelRelease release = Artifacts.release("page-" + System.nanoTime(), 3f, false);
        KafkaTestClient.send(TOPIC, release.taskScope(), Json.encode(release));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/v1/model").then().statusCode(200).body("version", equalTo(release.version())));
        JsonPath expected = given().contentType("application/json").body(Map.of("question", QUESTION, "choices", CHOICES))
                .post("/v1/answers").then().statusCode(200).extract().jsonPath();
        String version = given().get("/v1/model").then().statusCode(200).extract().path("version");
        try (Browser browser = new Browser()) {
            browser.open(page.toString());
            browser.await(d -> !rows(browser, "#model").isEmpty());
            assertEquals(version, cell(browser, "#model", "version"));
            assertEquals("fp32", cell(browser, "#model", "precision"));

            browser.find("#question").clear();
            browser.find("#question").sendKeys(QUESTION);
            browser.find("#choices").clear();
            browser.find("#choices").sendKeys(String.join("\n", CHOICES));
            browser.find("#ask button[type=submit]").click();
            browser.await(d -> browser.find("#answer-result").isDisplayed());
            assertEquals(expected.getString("label"), browser.find("#answer-label").getText());
            assertEquals(CHOICES.get(expected.getInt("answer")), browser.find("#answer-text").getText());
            List<WebElement> shown = rows(browser, "#probabilities");
            assertEquals(CHOICES.size(), shown.size());
            for (int i = 0; i < CHOICES.size(); i++) {
                List<WebElement> cells = shown.get(i).findElements(By.tagName("td"));
                assertEquals(String.valueOf((char) ('A' + i)), cells.get(0).getText());
                assertEquals(CHOICES.get(i), cells.get(1).getText());
                assertEquals(expected.getDouble("probabilities[" + i + "]"), Double.parseDouble(cells.get(2).getText()), 5e-5, "choice " + i);
            }
            Object bars = ((JavascriptExecutor) browser.driver())
                    .executeScript("return Chart.getChart('probabilities-chart').data.datasets[0].data.length");
            assertEquals(4L, bars, "one bar per choice in the chart");

            browser.await(d -> Double.parseDouble(cell(browser, "#latency", "latency (ms)", 3)) >= 2); // the two answers so far
            assertTrue(Double.parseDouble(cell(browser, "#latency", "latency (ms)", 1)) > 0);
            browser.screenshot("inference-page");
            assertEquals(List.of(), browser.unlabelledControls(), "every form control has a label");

            browser.find("#choices").clear();
            browser.find("#choices").sendKeys("only one choice");
            browser.find("#ask button[type=submit]").click();
            WebElement error = browser.await(d -> browser.find("#ask-problem .field-error"));
            assertEquals("choices", error.getDomAttribute("data-field"), error.getText());
            browser.screenshot("inference-page-problem");
        }
    }

    private static List<WebElement> rows(Browser browser, String table) {
        return browser.driver().findElements(By.cssSelector(table + " tbody tr"));
    }

    /** The cell in column {@code column} of the row whose first cell is {@code name}. */
    private static String cell(Browser browser, String table, String name, int column) {
        for (WebElement row : rows(browser, table)) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            if (cells.get(0).getText().equals(name)) {
                return cells.get(column).getText();
            }
        }
        throw new AssertionError("no row '" + name + "' in " + table);
    }

    private static String cell(Browser browser, String table, String name) {
        return cell(browser, table, name, 1);
    }
}
