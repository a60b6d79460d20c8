package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Tasklist in a real browser (Debian chromium, headless, Japanese): an approver logs in by typing,
 * finds the routed task under 自分のタスク, sees the routing reason and approves. Screenshots go to target/screenshots.
 */
class TasklistInBrowserTest extends BrowserTest {

  @Test
  void anApproverLogsInInJapaneseAndFindsTheRoutedTaskUnderMyTasks() throws Exception {
    String request = start("ga-staff", "sample-approval", Map.of("title", "ブラウザで確認する申請",
        "confidentiality", "1")).getId();
    browser.get(url("/camunda/app/tasklist/default/"));
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
    browser.get(url("/camunda/app/tasklist/default/#/?task=" + taskId));
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
}
