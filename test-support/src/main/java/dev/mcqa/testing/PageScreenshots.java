package dev.mcqa.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.By;

/**
 * Screenshots of running services' pages, for docs/: {@code name=url} arguments, each page given a
 * few seconds for its live parts to fill; on a page with a question form (inference-service), its
 * default question is asked first so that the answer's bars show. Run by bin/page-screenshots.
 */
public final class PageScreenshots {
    public static void main(String[] args) throws Exception {
        Path directory = Path.of(System.getProperty("mcqa.screenshots", "docs/images/pages"));
        Files.createDirectories(directory);
        try (Browser browser = new Browser()) {
            for (String arg : args) {
                String name = arg.substring(0, arg.indexOf('='));
                browser.open(arg.substring(arg.indexOf('=') + 1));
                if (!browser.driver().findElements(By.cssSelector("#ask button[type=submit]")).isEmpty()) {
                    browser.find("#ask button[type=submit]").click();
                    browser.await(d -> browser.find("#answer-result").isDisplayed());
                }
                Thread.sleep(6000); // two refreshes of the live tables and charts
                Files.move(browser.screenshot(name), directory.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
                System.out.println(directory.resolve(name + ".png"));
            }
        }
    }
}
