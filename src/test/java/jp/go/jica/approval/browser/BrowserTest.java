package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real browser (Debian chromium through chromium-driver, headless, Japanese) against the running
 * platform. Input is native WebDriver typing and clicking; screenshots go to target/screenshots; the
 * browser's console is kept, so a test can see Content-Security-Policy violations.
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
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
    ChromeDriver chrome = new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).build(), options);
    // Every page records the violations its policy reports, with the blocked sample and element.
    chrome.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
          e.effectiveDirective + ' blocked ' + (e.blockedURI || '') + ' "' + (e.sample || '') + '" at '
          + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber
          + (e.target && e.target.outerHTML ? ' on ' + e.target.outerHTML.slice(0, 160) : '')));
        """));
    browser = chrome;
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

  /** Camunda's login form of the webapp at {@code app}, typed as a person would; returns once logged in. */
  void logIn(String app, String user) {
    browser.manage().deleteAllCookies();
    browser.get(url(app));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password]")));
    browser.findElement(By.cssSelector("input[autocomplete=username], input#inputUsername, input[type=text]")).sendKeys(user);
    browser.findElement(By.cssSelector("input[type=password]")).sendKeys("demo");
    browser.findElement(By.cssSelector("button[type=submit]")).click();
    // logged in when the form is gone: navigating on before that raced the login on a busy machine
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type=password]")));
  }

  /** Opens the administrators' BPMN/DMN editor and in it the deployed definition of {@code fileName}. */
  void openInEditor(String fileName) {
    browser.get(url("/platform/editor/index.html"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    click(By.cssSelector("button.definition[data-resource='" + fileName + "']"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", fileName));
  }

  void waitForText(String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), text));
  }

  String pageText() {
    return browser.findElement(By.tagName("body")).getText();
  }

  /**
   * A native click after scrolling the element to the middle of the viewport: Tasklist's fixed
   * footer and header cover form fields near the edges, and a native click there hits the footer. An
   * element a refreshing list replaced meanwhile is found again.
   */
  void click(By locator) {
    wait.ignoring(StaleElementReferenceException.class).until(driver -> {
      WebElement element = ExpectedConditions.presenceOfElementLocated(locator).apply(driver);
      if (element == null) {
        return false;
      }
      scrollToCentre(element);
      WebElement clickable = ExpectedConditions.elementToBeClickable(element).apply(driver);
      if (clickable == null) {
        return false;
      }
      clickable.click();
      return true;
    });
  }

  void scrollToCentre(WebElement element) {
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
  }

  /**
   * The browser console's messages since the last call (Chromium reports every blocked inline script,
   * inline style, eval or foreign resource there as "... violates the following Content Security Policy
   * directive ...").
   */
  List<String> console() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
  }

  /**
   * The Content-Security-Policy violations since the last call: the console's reports, followed by the
   * current page's securitypolicyviolation events (directive, sample and element, to find the cause).
   */
  List<String> cspViolations() {
    List<String> violations = new java.util.ArrayList<>(
        console().stream().filter(message -> message.contains("Content Security Policy")).toList());
    Object events = ((JavascriptExecutor) browser).executeScript(
        "const v = window.__cspViolations || []; window.__cspViolations = []; return v;");
    if (events instanceof List<?> list) {
      list.forEach(event -> violations.add("event: " + event));
    }
    return violations;
  }

  /**
   * Proves the page's policy is enforced, not only sent: markup with an inline event handler, as an
   * injected XSS payload would carry it, must not run, and the browser must report the refusal.
   */
  void assertInlineScriptIsBlocked() {
    console();
    JavascriptExecutor js = (JavascriptExecutor) browser;
    js.executeScript("window.__injected = false;"
        + "document.body.insertAdjacentHTML('beforeend', '<img id=\"csp-probe\" src=\"data:,\" onerror=\"window.__injected = true\">');");
    List<String> reported = new java.util.ArrayList<>();
    wait.until(driver -> {
      reported.addAll(cspViolations());
      return !reported.isEmpty() || Boolean.TRUE.equals(js.executeScript("return window.__injected"));
    });
    assertThat(js.executeScript("return window.__injected")).as("an injected inline event handler ran").isEqualTo(false);
    assertThat(reported).as("the browser reports the refusal").anyMatch(message -> message.contains("script-src"));
    js.executeScript("document.getElementById('csp-probe').remove();");
  }

  /**
   * The platform's page at {@code path}, fetched with the browser's session, answers {@code status} with
   * the platform's Content-Security-Policy (no inline script, no eval, no plugins, no foreign base, framing or
   * form target; inline style at most as attributes, where {@code styleAttributes} says the page needs them)
   * and the usual hardening headers.
   */
  void assertPlatformHeaders(String path, int status, boolean styleAttributes) throws Exception {
    HttpResponse<String> page = fetchWithBrowserSession(path);
    assertThat(page.statusCode()).as(path).isEqualTo(status);
    List<String> directives = List.of(page.headers().firstValue("Content-Security-Policy").orElse("").split("\\s*;\\s*"));
    assertThat(directives).as("CSP of " + path)
        .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'self'",
            "frame-ancestors 'self'", "form-action 'self'")
        .allMatch(directive -> !directive.contains("unsafe-eval") && !directive.contains("*"))
        .allMatch(directive -> !directive.contains("unsafe-inline") || directive.equals("style-src-attr 'unsafe-inline'"));
    if (styleAttributes) {
      assertThat(directives).as("CSP of " + path).contains("style-src-elem 'self'", "style-src-attr 'unsafe-inline'");
    } else {
      assertThat(directives).as("CSP of " + path).noneMatch(directive -> directive.contains("unsafe-inline"));
    }
    assertThat(page.headers().map()).as("headers of " + path)
        .containsEntry("x-content-type-options", List.of("nosniff"))
        .containsEntry("referrer-policy", List.of("same-origin"))
        .containsEntry("x-frame-options", List.of("SAMEORIGIN"))
        .containsKey("permissions-policy");
    assertThat(page.headers().firstValue("Permissions-Policy").orElse(""))
        .contains("camera=()", "microphone=()", "geolocation=()");
  }

  /** The response to a GET of {@code path} with the browser's session, as the browser received it. */
  HttpResponse<String> fetchWithBrowserSession(String path) throws Exception {
    org.openqa.selenium.Cookie session = browser.manage().getCookieNamed("JSESSIONID");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).header("Accept", "text/html").GET();
    if (session != null) {
      request.header("Cookie", "JSESSIONID=" + session.getValue());
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  void screenshot(String name) throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "screenshots"));
    Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  // --- Camunda Forms (form-js) as a person fills them in ----------------------------------------

  /** Dates as the forms show and take them (yyyy/mm/dd, whatever the browser's language). */
  static final DateTimeFormatter FORM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

  /**
   * Opens 外部電磁的記録媒体の持出し from Tasklist's 申請を開始 and fills in its start form as an employee would, a
   * USB memory with the given information and confidentiality label, carried out and back on the given days.
   */
  void fillInCarryOut(String asset, String information, String confidentiality, LocalDate carryOut,
      LocalDate returnDue) {
    click(By.xpath("//a[contains(normalize-space(),'申請を開始')]"));
    click(By.xpath("//a[normalize-space()='外部電磁的記録媒体の持出し']"));
    waitForText("記録されている情報");
    choose("媒体の種類", "USBメモリ");
    type("資産番号", asset);
    type("記録されている情報", information);
    choose("機密性", confidentiality);
    choose("完全性", "完全性1");
    choose("可用性", "可用性1");
    type("持出し先", "フィリピン事務所");
    type("持出し日", carryOut.format(FORM_DATE));
    type("返却予定日", returnDue.format(FORM_DATE));
    type("持出しの目的", "現地説明会での説明に使う");
    type("運搬方法（安全確保の措置）", "手荷物として常時携行する");
  }

  /** The form field labelled {@code label} (form-js links every label to its input by id). */
  WebElement field(String label) {
    WebElement element = browser.findElement(By.xpath("//label[normalize-space(translate(., '*', ''))='" + label + "']"));
    return browser.findElement(By.id(element.getDomAttribute("for")));
  }

  void type(String label, String text) {
    WebElement input = field(label);
    scrollToCentre(input);
    input.click();
    input.sendKeys(text, Keys.TAB);
  }

  void retype(String label, String text) {
    WebElement input = field(label);
    scrollToCentre(input);
    input.click();
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    input.sendKeys(text, Keys.TAB);
  }

  /**
   * form-js draws a select as its own dropdown: open it by clicking (unless focus from the previous
   * field's TAB has opened it already), then click the option.
   */
  void choose(String label, String option) {
    WebElement input = field(label);
    WebElement formField = input.findElement(By.xpath("ancestor::div[contains(@class,'fjs-form-field')][1]"));
    scrollToCentre(formField);
    if (formField.findElements(By.cssSelector(".fjs-dropdownlist")).isEmpty()) {
      formField.findElement(By.cssSelector(".fjs-select-display")).click();
    }
    formField.findElement(By.xpath(".//div[contains(@class,'fjs-dropdownlist-item') and normalize-space()='" + option + "']"))
        .click();
  }
}
