package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * 引戻し in the browser: the applicant recalls an undecided carry-out from its case page through the reason dialog
 * (an empty reason is refused in the dialog); the section-iso recalls their send-back from マイ申請's list of
 * recallable decisions. Nobody else is offered either button.
 */
class RecallInBrowserTest extends BrowserTest {

  @Test
  void theApplicantRecallsFromTheCasePageAndTheAuthorizerFromTheirRecallableDecisions() throws Exception {
    // Given a carry-out waiting for ga-chief's permission
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));

    // When ga-chief opens the case, no 引戻し is offered to them
    logIntoTasklist("ga-chief");
    openCase(media);
    assertThat(browser.findElement(By.id("recall")).isDisplayed()).isFalse();

    // When the applicant opens it and recalls it, first without a reason
    logIntoTasklist("ga-staff");
    openCase(media);
    click(By.id("recallButton"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("recallDialog")));
    click(By.id("recallSubmit"));
    WebElement message = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("recallMessage")));

    // Then the refusal names the field in the dialog, and nothing changed
    assertThat(message.getText()).contains("「引戻しの理由」");
    assertThat(task(media, "sectionIsoPermission")).isNotNull();

    // When they give the reason and send it
    browser.findElement(By.id("recallReason")).sendKeys("持出し先を変更するため");
    screenshot("recall-01-applicant-dialog");
    WebElement caseSection = browser.findElement(By.id("case"));
    click(By.id("recallSubmit"));
    wait.until(ExpectedConditions.stalenessOf(caseSection));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "case"));

    // Then the request waits for their revision, the page says so and offers 引戻し no more
    assertThat(task(media, "reviseRequest").getAssignee()).isEqualTo("ga-staff");
    assertThat(browser.findElement(By.id("tasks")).getText()).contains("申請を修正する");
    assertThat(browser.findElement(By.id("recall")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.id("timeline")).getText()).contains("引戻し（申請者）", "持出し先を変更するため");

    // Given another carry-out ga-chief sent back
    ProcessInstance sentBack = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    Task decided = task(sentBack, "sectionIsoPermission");
    complete(decided, "ga-chief", Map.of("decision", "sendBack", "decisionComment", "目的を詳しく"));

    // When ga-chief opens that case, their decision is offered for recall there too
    logIntoTasklist("ga-chief");
    openCase(sentBack);
    assertThat(browser.findElement(By.cssSelector("#recallDecisions button[data-task='" + decided.getId() + "']"))
        .getText()).contains("媒体の持出しを許可する");

    // When ga-chief opens マイ申請 and recalls that decision
    browser.get(url("/platform/cases/index.html"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "list"));
    By row = By.cssSelector("#recallable tr[data-task='" + decided.getId() + "']");
    assertThat(browser.findElement(row).getText()).contains("差戻し");
    click(By.cssSelector("#recallable tr[data-task='" + decided.getId() + "'] button"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("recallDialog")));
    browser.findElement(By.id("recallReason")).sendKeys("差し戻す前に電話で確認できた");
    screenshot("recall-02-authorizer-dialog");
    WebElement table = browser.findElement(By.id("recallable"));
    click(By.id("recallSubmit"));
    wait.until(ExpectedConditions.stalenessOf(table));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "list"));

    // Then the permission is ga-chief's to decide again, and the decision is no longer offered for recall
    assertThat(task(sentBack, "sectionIsoPermission").getAssignee()).isEqualTo("ga-chief");
    assertThat(task(sentBack, "reviseRequest")).isNull();
    assertThat(browser.findElements(row)).isEmpty();
    assertThat(cspViolations()).isEmpty();
    screenshot("recall-03-recalled");
  }

  private void openCase(ProcessInstance instance) {
    browser.get(url("/platform/cases/case.html?id=" + instance.getId()));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "case"));
  }
}
