package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jp.go.jica.approval.byod.ByodPermissionProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A follow-up action from the case page in the browser: the BYOD permit holder reports 目的完了 through its form;
 * someone else on the case sees no button, and their direct POST with their own session is refused, changing nothing.
 */
class CaseActionsInBrowserTest extends BrowserTest {

  @Test
  @DisplayName("第97条第4項: 許可を受けた本人が申請の詳細から目的完了を報告し、他の者にはボタンがなく直接の送信も拒否される")
  void aByodPermitHolderReportsThePurposeCompleteFromTheCasePageArt97_4() throws Exception {
    // Given ga-staff's BYOD permit in use
    ProcessInstance byod = start("ga-staff", "byod-permission", ByodPermissionProcessTest.publicInformation());
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", Map.of("decision", "approve", "decisionComment", ""));
    complete(task(byod, "acknowledgeProcedure"), "ga-staff", Map.of("procedureAcknowledged", true));
    String number = (String) runtime.getVariable(byod.getId(), "permitNumber");

    // When the device-manager, who decided it, opens the case
    logIntoTasklist("ga-device-manager");
    openCase(byod);

    // Then there is no button, and a POST to the completion with that session is refused and changes nothing
    assertThat(pageText()).contains(number);
    assertThat(browser.findElements(By.cssSelector("#actions button"))).isEmpty();
    Object status = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "fetch('/api/session').then((r) => r.json()).then((s) => fetch(arguments[0], { method: 'POST',"
        + " credentials: 'same-origin', body: '{}', headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': s.csrfToken } }))"
        + ".then((r) => done(r.status)).catch((e) => done(String(e)));", "/api/byod/permits/" + number + "/completion");
    assertThat(((Number) status).intValue()).isIn(403, 404);
    assertThat(task(byod, "confirmErasure")).isNull();

    // When the holder opens the case and reports 目的完了 through its form
    logIntoTasklist("ga-staff");
    console();
    openCase(byod);
    click(By.cssSelector("#actions button[data-action='byodPurposeCompleted']"));
    WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("actionDialog")));
    assertThat(dialog.getText()).contains("目的完了を報告", "第97条第4項");
    screenshot("case-actions-01-purpose-completed");
    WebElement caseSection = browser.findElement(By.id("case"));
    click(By.id("actionSubmit"));
    wait.until(ExpectedConditions.stalenessOf(caseSection));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "case"));

    // Then the erasure report is the holder's task, linked from the page, and the button is gone
    assertThat(task(byod, "confirmErasure").getAssignee()).isEqualTo("ga-staff");
    assertThat(browser.findElement(By.id("tasks")).getText()).contains("消去したことを報告する");
    assertThat(browser.findElements(By.cssSelector("#actions button"))).isEmpty();
    assertThat(browser.findElement(By.id("message")).isDisplayed()).isFalse();
    assertThat(cspViolations()).isEmpty();
    screenshot("case-actions-02-erasure-due");
  }

  private void openCase(ProcessInstance instance) {
    browser.get(url("/platform/cases/case.html?id=" + instance.getId()));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "case"));
  }
}
