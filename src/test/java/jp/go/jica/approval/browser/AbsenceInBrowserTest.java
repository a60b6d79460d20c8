package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import jp.go.jica.approval.organization.Absences;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * 代理承認 in the browser: the section-iso registers an absence on the platform page with a deputy the chart
 * allows; the waiting approval moves to the deputy, who finds it in Tasklist with the reason and approves it.
 */
class AbsenceInBrowserTest extends BrowserTest {

  @Autowired Absences absences;

  @AfterEach
  void endEveryAbsence() {
    for (Absences.Absence absence : absences.list(false)) {
      absences.end("admin", absence.id());
    }
  }

  @Test
  void anApproverRegistersTheirAbsenceOnThePageAndTheDeputyApprovesInTasklist() throws Exception {
    // Given ga-staff's request waiting for ga-chief
    ProcessInstance request = start("ga-staff", "sample-approval", Map.of("title", "代理で承認する申請", "confidentiality", "1"));
    String taskId = task(request, "reviewRequest").getId();
    assertThat(task(request, "reviewRequest").getAssignee()).isEqualTo("ga-chief");

    // When ga-chief opens the absences page and registers an absence with ga-director as deputy
    logIntoTasklist("ga-chief");
    browser.get(url("/platform/absences/index.html"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "absences"));
    assertThat(browser.findElement(By.id("forWhom")).isDisplayed()).as("only administrators register for others").isFalse();
    new Select(browser.findElement(By.id("deputy"))).selectByValue("ga-director");
    LocalDateTime now = LocalDateTime.now(java.time.ZoneId.of("Asia/Tokyo")).truncatedTo(ChronoUnit.MINUTES);
    dateTime("from", now.minusMinutes(5));
    dateTime("to", now.plusDays(2));
    browser.findElement(By.id("reason")).sendKeys("海外出張");
    screenshot("absence-01-form");
    click(By.id("submit"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("done")));

    // Then the page lists it, and the waiting approval is the deputy's
    assertThat(browser.findElement(By.id("done")).getText()).contains("不在を登録しました", "総務 部長");
    WebElement row = browser.findElement(By.cssSelector("#absences tbody tr"));
    assertThat(row.getText()).contains("総務 課長", "総務 部長", "海外出張", "不在中");
    screenshot("absence-02-listed");
    assertThat(cspViolations()).isEmpty();
    assertThat(tasks.createTaskQuery().taskId(taskId).singleResult().getAssignee()).isEqualTo("ga-director");

    // When ga-director opens the task in Tasklist and approves
    logIntoTasklist("ga-director");
    browser.get(url("/camunda/app/tasklist/default/#/?task=" + taskId));
    waitForText("ルーティング理由");
    wait.until(driver -> inputValues().stream().anyMatch(v -> v.contains("代理（本来の許可権限者: 総務 課長、")));
    screenshot("absence-03-deputy-form");
    click(By.xpath("//label[contains(.,'承認する')]"));
    click(By.xpath("//button[normalize-space()='完了']"));
    wait.until(driver -> engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(request.getId())
        .finished().count() == 1);

    // Then the approval is recorded as ga-director's, as deputy for ga-chief
    Map<String, Object> decided = jdbc.queryForMap("select decided_by, decision, reason from apr_routing_decision "
        + "where task_id = ? order by id desc limit 1", taskId);
    assertThat(decided.values()).startsWith("ga-director", "approve");
    assertThat(decided.values().toArray()[2].toString()).contains("代理（本来の許可権限者: 総務 課長、");
  }

  private java.util.List<String> inputValues() {
    return browser.findElements(By.cssSelector("input, textarea")).stream()
        .map(input -> String.valueOf(input.getDomProperty("value"))).toList();
  }

  /** A datetime-local field set as the browser's own picker would, then announced as input. */
  private void dateTime(String id, LocalDateTime value) {
    ((JavascriptExecutor) browser).executeScript("const input = document.getElementById(arguments[0]);"
        + "input.value = arguments[1]; input.dispatchEvent(new Event('input', { bubbles: true }));", id, value.toString());
  }
}
