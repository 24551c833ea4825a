package dev.mcqa.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium WebDriver, for the services' page tests: Debian's
 * {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them), or the binaries named
 * by {@code -Dmcqa.chromium} and {@code -Dmcqa.chromedriver}. Each browser has a fresh profile and
 * no network but the page's own service. Screenshots go to {@code target/screenshots/}.
 */
public final class Browser implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final ChromeDriver driver;
    private final Path profile;

    public Browser() {
        try {
            profile = Files.createTempDirectory("mcqa-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("mcqa.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("mcqa.chromedriver", "/usr/bin/chromedriver")).toFile()).build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 1600));
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector));
    }

    /** Waits (up to 30 s) until the condition holds, e.g. a table filled by the page's scripts. */
    public <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    /**
     * The form controls of the page a screen reader could not name: no {@code <label for>}, no
     * enclosing {@code <label>}, no {@code aria-label}. Each is named by its id (or its HTML).
     */
    @SuppressWarnings("unchecked")
    public java.util.List<String> unlabelledControls() {
        return (java.util.List<String>) driver.executeScript("""
                return [...document.querySelectorAll('input:not([type=hidden]):not([type=submit]), textarea, select')]
                  .filter(c => !(c.id && document.querySelector('label[for="' + c.id + '"]')) && !c.closest('label') && !c.getAttribute('aria-label'))
                  .map(c => c.id || c.outerHTML);
                """);
    }

    /** Saves the page as target/screenshots/{name}.png and returns the file. */
    public Path screenshot(String name) {
        try {
            Path file = Path.of("target/screenshots", name + ".png");
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
