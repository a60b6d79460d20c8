package jp.go.jica.approval.browser;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real browser (Debian chromium through chromium-driver, headless, Japanese) against the running
 * platform. Input is native WebDriver typing and clicking; screenshots go to target/screenshots.
 */
abstract class BrowserTest extends PlatformTest {

  @LocalServerPort int port;
  WebDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void startBrowser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1366,900", "--lang=ja-JP");
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "ja-JP,ja"));
    browser = new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).build(), options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  @AfterEach
  void stopBrowser(org.junit.jupiter.api.TestInfo test) throws Exception {
    if (browser != null) {
      // The last page as HTML beside the screenshots: what a failing step saw.
      Path dir = Files.createDirectories(Path.of("target", "screenshots"));
      Files.writeString(dir.resolve(test.getTestMethod().map(m -> m.getName()).orElse("page") + ".html"),
          browser.getPageSource());
      browser.quit();
    }
  }

  String url(String path) {
    return "http://localhost:" + port + path;
  }

  /** Logs in through Tasklist's own login form by typing, as a person would; any earlier session is dropped. */
  void logIntoTasklist(String user) {
    logIn("/camunda/app/tasklist/default/", user);
    waitForText("自分のタスク");
  }

  /** Camunda's login form of the webapp at {@code app}, typed as a person would. */
  void logIn(String app, String user) {
    browser.manage().deleteAllCookies();
    browser.get(url(app));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password]")));
    browser.findElement(By.cssSelector("input[autocomplete=username], input#inputUsername, input[type=text]")).sendKeys(user);
    browser.findElement(By.cssSelector("input[type=password]")).sendKeys("demo");
    browser.findElement(By.cssSelector("button[type=submit]")).click();
  }

  void waitForText(String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), text));
  }

  String pageText() {
    return browser.findElement(By.tagName("body")).getText();
  }

  /**
   * A native click after scrolling the element to the middle of the viewport: Tasklist's fixed
   * footer and header cover form fields near the edges, and a native click there hits the footer.
   */
  void click(By locator) {
    WebElement element = wait.until(ExpectedConditions.presenceOfElementLocated(locator));
    scrollToCentre(element);
    wait.until(ExpectedConditions.elementToBeClickable(element)).click();
  }

  void scrollToCentre(WebElement element) {
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
  }

  void screenshot(String name) throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "screenshots"));
    Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
