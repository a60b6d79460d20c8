package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The OpenAPI page of {@code /api} in a real browser: a stranger is sent to the login, a signed-in employee reads it. */
class ApiDescriptionInBrowserTest extends BrowserTest {

  @Test
  void aStrangerIsSentToTheLoginAndASignedInEmployeeReadsTheApiInJapanese() throws Exception {
    // When someone who is not signed in opens the page
    browser.manage().deleteAllCookies();
    browser.get(url("/swagger-ui.html"));

    // Then Camunda's login is shown instead
    wait.until(driver -> driver.getCurrentUrl().contains("/camunda/app/welcome/"));
    assertThat(pageText()).doesNotContain("/api/registers");

    // When an employee signs in to Tasklist and opens the page
    logIn("/camunda/app/tasklist/default/", "ga-staff");
    browser.get(url("/swagger-ui.html"));

    // Then the platform's operations are listed under their Japanese tags, with their Japanese summaries
    waitForText("情報セキュリティ承認プラットフォーム API");
    wait.until(driver -> driver.findElements(By.cssSelector(".opblock")).size() > 40);
    screenshot("swagger-01-api");
    assertThat(pageText()).contains("台帳", "案件", "届出・事象", "管理", "/api/registers", "閲覧できる台帳とその列の一覧");
    assertThat(browser.findElements(By.cssSelector(".opblock-summary-path")))
        .extracting(path -> path.getText()).allMatch(path -> path.startsWith("/api/"));
  }
}
