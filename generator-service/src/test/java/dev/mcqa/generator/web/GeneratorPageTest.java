package dev.mcqa.generator.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcqa.testing.Browser;
import dev.mcqa.testing.FakeOpenAiResource;
import dev.mcqa.testing.KafkaTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** generator-service's page in headless Chromium: the counts are the REST API's, and a bad seed shows its field's error. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = FakeOpenAiResource.class, scope = TestResourceScope.GLOBAL)
class GeneratorPageTest {

    @TestHTTPResource("/")
    URL page;

    @Test
    void theTaskRowsAreTheApisAndProblemsShowTheirFields(@TempDir Path files) throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/json").body("[" + seed("page_demo", "What is " + marker + " one?", 1) + "," + seed("page_demo", "What is " + marker + " two?", 2)
                + "," + seed("page_other", "What is " + marker + " three?", 0) + "]").post("/v1/seeds").then().statusCode(200);
        try (Browser browser = new Browser()) {
            browser.open(page.toString());
            // The page refreshes every 3 s; the API is asked again each time, so both read the same state.
            browser.await(d -> {
                Map<String, Object> tasks = given().get("/v1/seeds/stats").then().extract().path("tasks");
                Map<String, String> expected = new LinkedHashMap<>();
                tasks.forEach((task, count) -> expected.put(task, String.valueOf(count)));
                return expected.containsKey("page_demo") && expected.equals(taskRows(browser));
            });
            assertEquals(given().get("/v1/seeds/stats").then().extract().path("total").toString(), browser.find("#seeds-total").getText());
            assertEquals(String.valueOf(given().get("/v1/generations").then().extract().jsonPath().getList("$").size()),
                    String.valueOf(browser.driver().findElements(By.cssSelector("#runs tbody tr")).size()));
            browser.screenshot("generator-page");
            assertEquals(List.of(), browser.unlabelledControls(), "every form control has a label");

            browser.find("#task").clear();
            browser.find("#task").sendKeys("page_demo");
            browser.find("#question").sendKeys("Which answer is " + marker + " four?");
            browser.find("#choices").sendKeys("one\ntwo\nthree");
            browser.find("#answer").clear();
            browser.find("#answer").sendKeys("E"); // there is no fifth choice
            browser.find("#add-seed button[type=submit]").click();
            WebElement error = browser.await(d -> browser.find("#seed-problem .field-error"));
            assertEquals("answer", error.getDomAttribute("data-field"), error.getText());
            browser.screenshot("generator-page-problem");

            browser.find("#answer").clear();
            browser.find("#answer").sendKeys("B");
            browser.find("#add-seed button[type=submit]").click();
            browser.await(d -> browser.find("#seed-result").getText().startsWith("1 accepted"));
            assertTrue(browser.find("#seed-problem").getAttribute("hidden") != null, "the problem is cleared");

            Path jsonl = files.resolve("more.jsonl");
            Files.writeString(jsonl, seed("page_demo", "Which is " + marker + " five?", 0) + "\n"
                    + "{\"task\":\"page_demo\",\"question\":\"Only one choice " + marker + "?\",\"choices\":[\"a\"],\"answer\":0}\n");
            browser.find("#files").sendKeys(jsonl.toString());
            browser.find("#import button[type=submit]").click();
            browser.await(d -> browser.find("#import-rows").isDisplayed());
            List<WebElement> rows = browser.driver().findElements(By.cssSelector("#import-rows tbody tr"));
            assertEquals(List.of("ACCEPTED", "REJECTED"), rows.stream().map(r -> r.findElements(By.tagName("td")).get(2).getText()).toList());
            assertTrue(rows.get(1).findElements(By.tagName("td")).get(3).getText().contains("choices"), rows.get(1).getText());
            browser.screenshot("generator-page-import");
        }
    }

    private static Map<String, String> taskRows(Browser browser) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (WebElement row : browser.driver().findElements(By.cssSelector("#tasks tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            rows.put(cells.get(0).getText(), cells.get(1).getText());
        }
        return rows;
    }

    private static String seed(String task, String question, int answer) {
        return "{\"task\":\"" + task + "\",\"question\":\"" + question + "\",\"choices\":[\"alpha\",\"beta\",\"gamma\",\"delta\"],\"answer\":" + answer + "}";
    }
}
