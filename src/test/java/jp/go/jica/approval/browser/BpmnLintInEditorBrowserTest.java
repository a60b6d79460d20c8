package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.camunda.bpm.engine.repository.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The editor lints a BPMN with bpmnlint:recommended (the repository's .bpmnlintrc, as the build does) before a
 * 変更申請: while any error or warning is listed, the 変更申請 buttons stay disabled.
 */
class BpmnLintInEditorBrowserTest extends BrowserTest {

  private Deployment fakeJoin;

  @AfterEach
  void removeTheFakeJoinProcess() {
    if (fakeJoin != null) {
      engine.getRepositoryService().deleteDeployment(fakeJoin.getId(), true);
    }
  }

  @Test
  @DisplayName("A BPMN with a fake join is listed as a bpmnlint warning and cannot be proposed until the administrator fixes it")
  void aFakeJoinDisablesTheProposalUntilItIsFixed() throws Exception {
    // Given a deployed process whose approval is entered by two flows without a merge gateway
    try (InputStream xml = getClass().getResourceAsStream("/lint/lint-fake-join.bpmn.xml")) {
      fakeJoin = engine.getRepositoryService().createDeployment().name("lint-fake-join.bpmn")
          .addString("lint-fake-join.bpmn", new String(xml.readAllBytes(), StandardCharsets.UTF_8)).deploy();
    }

    // When the administrator opens it in the editor
    logIntoTasklist("admin");
    openInEditor("lint-fake-join.bpmn");
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-lint", "problems"));

    // Then the lint list names the element, the rule and the message, and the 変更申請 is refused
    WebElement lint = browser.findElement(By.id("lint"));
    assertThat(lint.isDisplayed()).isTrue();
    assertThat(lint.getText()).contains("BPMN の静的検査（bpmnlint:recommended）", "警告 1 件",
        "すべて解消するまで変更申請できません");
    WebElement problem = browser.findElement(By.cssSelector("#lint-problems li"));
    assertThat(problem.getAttribute("data-rule")).isEqualTo("fake-join");
    assertThat(problem.getAttribute("data-element")).isEqualTo("approve");
    assertThat(problem.getText()).contains("警告", "「承認する」（approve）", "fake-join", "合流ゲートウェイなしで",
        "Incoming flows do not join");
    assertThat(browser.findElements(By.cssSelector("#lint-problems li"))).hasSize(1);
    assertThat(browser.findElement(By.id("preview")).isEnabled()).isFalse();
    assertThat(browser.findElement(By.id("propose")).isEnabled()).isFalse();
    assertThat(browser.findElement(By.id("validate")).isEnabled()).as("checking stays possible").isTrue();
    screenshot("editor-06-lint-refuses-a-fake-join");

    // When the administrator removes the flow that bypasses the extra check, so that the approval has one incoming flow
    // (deleting the check itself would not do: bpmn-js reconnects its incoming flow to the approval)
    // (a straight flow has no height to click on, so the click goes just left of the approval, on the flow)
    WebElement approval = browser.findElement(By.cssSelector("g[data-element-id='approve'] rect.djs-hit"));
    new Actions(browser).moveToElement(approval, -(approval.getSize().getWidth() / 2 + 20), 0).click().perform();
    wait.until(driver -> browser.findElement(By.cssSelector("g[data-element-id='toApprove']")).getAttribute("class")
        .contains("selected"));
    click(By.cssSelector(".djs-context-pad .entry[data-action='delete']"));

    // Then the list is clean and the 変更申請 can go ahead
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-lint", "clean"));
    assertThat(browser.findElement(By.id("lint-summary")).getText()).isEqualTo("問題はありません。");
    assertThat(browser.findElements(By.cssSelector("#lint-problems li"))).isEmpty();
    assertThat(browser.findElement(By.id("preview")).isEnabled()).isTrue();
    assertThat(browser.findElement(By.id("propose")).isEnabled()).isTrue();
    assertThat(cspViolations()).as("Content-Security-Policy violations in the BPMN editor with the linter").isEmpty();
  }
}
