package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The registers page in the browser: the security office sees every department's entries in each
 * register, filters them and exports the CSV with the same login; an employee of another
 * department does not see them. The page works under its Content-Security-Policy without a violation.
 */
class RegistersInBrowserTest extends BrowserTest {

  @Test
  void theSecurityOfficeFiltersACarryOutAndExportsItButAnotherDepartmentSeesNothing() throws Exception {
    String asset = "HDD-" + UUID.randomUUID().toString().substring(0, 8);
    carryOut("ga-staff", asset);

    logIntoTasklist("it-director");
    console();
    browser.get(url("/platform/registers/index.html"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "exceptions"));
    for (String register : new String[] {"cloud", "contracts", "byod", "media"}) {
      click(By.cssSelector("#tabs button[data-register='" + register + "']"));
      wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", register));
      assertThat(browser.findElement(By.id("message")).isDisplayed()).as(register + " loads").isFalse();
    }
    // The table's headers are the media register's page columns as the server lists them
    JsonNode media = null;
    HttpResponse<String> list = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/api/registers")))
        .header("Cookie", "JSESSIONID=" + browser.manage().getCookieNamed("JSESSIONID").getValue())
        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
    for (JsonNode register : new ObjectMapper().readTree(list.body())) {
      media = "media".equals(register.get("key").asText()) ? register : media;
    }
    List<String> labels = new ArrayList<>();
    media.get("columns").forEach(c -> {
      if (c.get("onPage").asBoolean()) {
        labels.add(c.get("label").asText());
      }
    });
    assertThat(browser.findElements(By.cssSelector("#register thead th")).stream().map(WebElement::getText).toList())
        .isEqualTo(labels).contains("記録番号", "返却予定日");
    browser.findElement(By.id("keyword")).sendKeys(asset);
    wait.until(driver -> driver.findElements(By.cssSelector("#register tbody tr")).size() == 1);
    screenshot("registers-01-security-office-media");
    assertThat(browser.findElement(By.cssSelector("#register tbody tr")).getText()).contains(asset, "総務部");
    assertThat(cspViolations()).as("Content-Security-Policy violations on the registers page").isEmpty();
    assertInlineScriptIsBlocked();
    assertPlatformHeaders("/platform/registers/index.html", 200, false);
    assertPlatformHeaders("/platform/platform.css", 200, false);
    assertThat(fetchWithBrowserSession("/camunda/app/tasklist/default/").headers()
        .firstValue("Content-Security-Policy").orElse(""))
        .as("Camunda's webapps keep their own policy").contains("'strict-dynamic'");

    String csvUrl = browser.findElement(By.id("csv")).getDomProperty("href");
    String session = browser.manage().getCookieNamed("JSESSIONID").getValue();
    HttpResponse<byte[]> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(csvUrl))
        .header("Cookie", "JSESSIONID=" + session).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(csv.statusCode()).isEqualTo(200);
    String text = new String(csv.body(), StandardCharsets.UTF_8);
    assertThat(text).startsWith("\uFEFF記録番号").contains(asset);

    logIntoTasklist("proc-staff");
    browser.get(url("/platform/registers/index.html?register=media"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "media"));
    browser.findElement(By.id("keyword")).sendKeys(asset, Keys.TAB);
    screenshot("registers-02-other-department");
    assertThat(browser.findElements(By.cssSelector("#register tbody tr"))).isEmpty();
    assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain(asset);
  }

  private void carryOut(String user, String asset) {
    Map<String, Object> request = MediaCarryOutProcessTest.carryOut("2", "1", "1");
    request.put("assetNumber", asset);
    start(user, "media-carry-out", request);
  }
}
