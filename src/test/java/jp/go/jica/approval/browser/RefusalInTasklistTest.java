package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 13, section 4, in a real browser: when the server refuses a form Tasklist submits, Tasklist shows
 * the platform's Japanese message by itself (no "Cannot submit task form", ENGINE code, class name or field
 * key), and the task stays as it was.
 */
class RefusalInTasklistTest extends BrowserTest {

  @Test
  void aDecisionTheServerRefusesShowsTheJapaneseMessageAlone() throws Exception {
    // Given the alternate at the top holds the CISO's organisation-wide request
    String request = start("ciso", "sample-approval", Map.of("title", "機構全体の申請（ブラウザ）", "confidentiality", "2",
        "scope", "organization")).getId();
    Task review = tasks.createTaskQuery().processInstanceId(request).singleResult();
    assertThat(review.getAssignee()).isEqualTo("deputy-ciso");
    logIntoTasklist("deputy-ciso");
    browser.get(url("/camunda/app/tasklist/default/#/?task=" + review.getId()));
    waitForText("ルーティング理由");

    // When they declare a conflict, which nobody above them is free to take over
    click(By.xpath("//label[contains(.,'利益相反を申告する')]"));
    WebElement comment = wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("textarea")));
    scrollToCentre(comment);
    comment.sendKeys("申請の内容に関与しているため");
    click(By.xpath("//button[normalize-space()='完了']"));

    // Then Tasklist shows the routing's Japanese message, and only that
    WebElement notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".notifications .alert")));
    screenshot("refusal-in-tasklist");
    String shown = notice.getText().replace("×", "").strip();
    assertThat(shown).startsWith("第16条第2項: 利益相反のない許可権限者が見つかりません")
        .doesNotContain("エラーが発生しました", "ENGINE-", "Exception", "Cannot submit", "TaskListener", "decisionComment",
            "conflict", "Error");

    // And the task is still the alternate's, undecided
    Task after = tasks.createTaskQuery().taskId(review.getId()).singleResult();
    assertThat(after).isNotNull();
    assertThat(after.getAssignee()).isEqualTo("deputy-ciso");
    assertThat(runtime.getVariables(request)).doesNotContainKey("decision");
  }
}
