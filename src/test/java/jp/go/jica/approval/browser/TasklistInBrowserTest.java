package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
 * Tasklist in a real browser (Debian chromium, headless, Japanese): an approver logs in by typing,
 * finds the routed task under 自分のタスク, sees the routing reason and approves. Screenshots go to target/screenshots.
 */
class TasklistInBrowserTest extends PlatformTest {

  @LocalServerPort int port;
  WebDriver browser;

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
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void anApproverLogsInInJapaneseAndFindsTheRoutedTaskUnderMyTasks() throws Exception {
    String request = start("ga-staff", "sample-approval", Map.of("title", "ブラウザで確認する申請",
        "confidentiality", "1")).getId();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

    browser.get("http://localhost:" + port + "/camunda/app/tasklist/default/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password]")));
    assertThat(browser.findElement(By.tagName("body")).getText()).contains("承認タスク");
    screenshot("01-login");
    browser.findElement(By.cssSelector("input[autocomplete=username], input#inputUsername, input[type=text]")).sendKeys("ga-chief");
    browser.findElement(By.cssSelector("input[type=password]")).sendKeys("demo");
    browser.findElement(By.cssSelector("button[type=submit]")).click();

    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "自分のタスク"));
    browser.findElement(By.xpath("//*[contains(text(),'自分のタスク')]")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "申請を審査する"));
    screenshot("02-my-tasks");
    // Other tests of the suite may have left ga-chief more tasks of the same name: open this one by its id.
    String taskId = tasks.createTaskQuery().processInstanceId(request).singleResult().getId();
    browser.get("http://localhost:" + port + "/camunda/app/tasklist/default/#/?task=" + taskId);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "ルーティング理由"));
    screenshot("03-task-form");

    String page = browser.findElement(By.tagName("body")).getText();
    assertThat(page).contains("承認の判断", "ルーティング理由", "承認する", "差し戻す");
    assertThat(browser.findElements(By.tagName("input")).stream().map(input -> input.getDomProperty("value")))
        .as("the routing reason shown to the approver").contains("指定の許可権限者: 課等情報セキュリティ責任者（総務 課長）");

    click(By.xpath("//label[contains(.,'承認する')]"));
    click(By.xpath("//button[normalize-space()='完了']"));
    wait.until(driver -> engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(request)
        .finished().count() == 1);
    screenshot("04-approved");

    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(request)
        .singleResult().getEndActivityId()).isEqualTo("requestApproved");
  }

  /**
   * A native click after scrolling the element to the middle of the viewport: Tasklist's fixed
   * footer and header cover form fields near the edges, and a native click there hits the footer.
   */
  void click(By locator) {
    WebElement element = browser.findElement(locator);
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    element.click();
  }

  void screenshot(String name) throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "screenshots"));
    Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}
