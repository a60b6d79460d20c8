package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * An administrator changes a route after a reorganisation in the browser: opens the routing DMN in
 * the editor, changes who permits media carry-outs, validates, sees the diff and the changed rule, and
 * submits it as a 変更申請 with a note; nothing changes until the chief-iso approves, then the next
 * request goes by the new rule. An employee is refused the editor page. bpmn-js, dmn-js and the properties panel work
 * under the page's Content-Security-Policy without a violation.
 */
class RoutingEditorInBrowserTest extends BrowserTest {

  @AfterEach
  void restoreTheRoutingRules() throws Exception {
    // Later tests in this JVM expect the routing of the repository's file.
    engine.getRepositoryService().createDeployment().name("approval-routing.dmn")
        .addString("approval-routing.dmn", Files.readString(Path.of("bpmn", "approval-routing.dmn"))).deploy();
  }

  @Test
  void anAdministratorProposesARoutingChangeAndAfterTheChiefIsosApprovalTheNextRequestFollowsIt() throws Exception {
    assertThat(assigneeOfANewCarryOut()).as("before: the section's iso permits").isEqualTo("ga-chief");

    logIntoTasklist("admin");
    console();
    browser.get(url("/platform/editor/index.html"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    click(By.cssSelector("button.definition[data-resource='approval-routing.dmn']"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "approval-routing.dmn"));
    WebElement cell = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("td[data-element-id='mediaSectionIsoRole']")));
    scrollToCentre(cell);
    screenshot("editor-01-routing-table");
    cell.click();
    WebElement editable = cell.findElement(By.cssSelector("[contenteditable]"));
    editable.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    editable.sendKeys("\"iso\"");
    click(By.id("validate"));
    waitForText("検証に成功しました");
    assertThat(cell.getText()).isEqualTo("\"iso\"");
    click(By.id("preview"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-previewed", "approval-routing.dmn"));
    assertThat(browser.findElement(By.id("summary")).getText()).contains("規則を変更: mediaSectionIso", "\"iso\"");
    assertThat(browser.findElement(By.id("diff")).getText()).contains("-", "+");
    assertThat(browser.findElement(By.id("routing-note")).isDisplayed()).isTrue();
    WebElement note = browser.findElement(By.id("note"));
    scrollToCentre(note);
    note.sendKeys("媒体持出しの許可を部等情報セキュリティ責任者へ変更");
    screenshot("editor-02-proposal-diff");
    click(By.id("propose"));
    waitForText("変更申請 RC-");
    wait.until(driver -> driver.findElement(By.id("proposals")).getText().contains("申請中"));
    assertThat(assigneeOfANewCarryOut()).as("proposed, not yet in force").isEqualTo("ga-chief");

    // The chief-iso approves the proposal (Art. 20-1); the platform deploys exactly the proposed table.
    // This proposal, not another test's still waiting: the newest routing-table proposal, by its number RC-n.
    Long proposal = jdbc.queryForObject("select max(id) from apr_rule_change where resource_name = 'approval-routing.dmn'",
        Long.class);
    ProcessInstance change = runtime.createProcessInstanceQuery().processDefinitionKey("rule-change")
        .processInstanceBusinessKey("RC-" + proposal).active().singleResult();
    complete(task(change, "approveRuleChange"), "it-director", Map.of("decision", "approve", "decisionComment", ""));
    click(By.id("reload"));
    wait.until(driver -> driver.findElement(By.id("proposals")).getText().contains("承認済み・デプロイ済み"));
    wait.until(driver -> driver.findElement(By.id("history")).getText().contains("it-director"));
    screenshot("editor-05-approved-and-deployed");
    assertThat(browser.findElement(By.id("history")).getText()).contains("approval-routing.dmn", "platform-editor");
    assertThat(cspViolations()).as("Content-Security-Policy violations in the DMN editor").isEmpty();
    assertInlineScriptIsBlocked();
    assertPlatformHeaders("/platform/editor/index.html", 200, true);
    assertPlatformHeaders("/platform/editor/assets/editor.js", 200, true);

    assertThat(assigneeOfANewCarryOut()).as("after: the department's iso permits").isEqualTo("ga-director");
    assertThat(jdbc.queryForMap("select deployed_by, approved_by from apr_deployment_log where source = 'platform-editor'"
        + " order by deployed_at desc fetch first 1 rows only")).containsEntry("DEPLOYED_BY", "admin")
        .containsEntry("APPROVED_BY", "it-director");
  }

  @Test
  void anAdministratorSeesTheCamundaPropertiesOfAnApprovalTask() throws Exception {
    logIntoTasklist("admin");
    console();
    browser.get(url("/platform/editor/index.html"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    click(By.cssSelector("button.definition[data-resource='media-carry-out.bpmn']"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "media-carry-out.bpmn"));
    browser.findElement(By.cssSelector("g[data-element-id='sectionIsoPermission'] rect.djs-hit")).click();
    WebElement properties = browser.findElement(By.id("properties"));
    wait.until(driver -> properties.getText().contains("媒体の持出しを許可する"));
    screenshot("editor-04-bpmn-properties");
    assertThat(properties.getText()).contains("User assignment", "Forms", "Task listeners");
    assertThat(cspViolations()).as("Content-Security-Policy violations in the BPMN editor").isEmpty();
  }

  @Test
  void anEmployeeCannotOpenTheEditor() throws Exception {
    logIntoTasklist("ga-staff");
    console();
    browser.get(url("/platform/editor/index.html"));
    waitForText("このページを開く権限がありません");
    screenshot("editor-03-refused-for-ga-staff");
    assertThat(browser.findElements(By.id("definitions"))).isEmpty();
    assertThat(cspViolations()).as("Content-Security-Policy violations on the 403 page").isEmpty();
    assertPlatformHeaders("/platform/editor/index.html", 403, false);
  }

  private String assigneeOfANewCarryOut() {
    ProcessInstance instance = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    return tasks.createTaskQuery().processInstanceId(instance.getId()).singleResult().getAssignee();
  }
}
