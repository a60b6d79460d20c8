package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.UUID;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 15, "当事者 chosen from people on the chart, not typed ids": the people field of a start form has a
 * search by name and section whose choice fills in the id, shown as a chip with the person's name.
 */
class PeoplePickerInBrowserTest extends BrowserTest {

  private static final String PARTIES = "案件の当事者（利害関係のある職員を氏名・所属で検索して選択）";

  @Test
  @DisplayName("当事者を氏名で検索して選ぶと職員IDが入り、許可権限者が当事者なら上位者へ回る（第16条第2項）")
  void ga_staffChoosesAPartyByNameAndTheInstanceRecordsTheirIdArt16() throws Exception {
    // Given ga-staff fills in an exception measure in Tasklist
    // this application's own scope text finds it among the others the shared test database holds
    String scope = "総務課の出張者2名（" + UUID.randomUUID().toString().substring(0, 8) + "）";
    logIntoTasklist("ga-staff");
    click(By.xpath("//a[contains(normalize-space(),'申請を開始')]"));
    click(By.xpath("//a[normalize-space()='例外措置の適用申請']"));
    waitForText("対象規定（条項）");
    type("対象規定（条項）", "第47条第1項");
    type("対象規定の内容", "要機密情報を要管理対策区域外に持ち出す場合は暗号化する");
    type("申請理由", "出張先で暗号化に対応しない機器を使用する必要がある");
    type("代替措置・補完措置", "作業後は直ちに消去し、上長が確認する");
    type("適用範囲（システム・情報・人）", scope);
    choose("影響の範囲", "部等の中で完結する");
    choose("機密性", "機密性2（要機密）");
    choose("完全性", "完全性1");
    choose("可用性", "可用性1");
    type("適用期間（開始日）", LocalDate.now().plusDays(1).format(FORM_DATE));
    type("適用期間（終了日）", LocalDate.now().plusDays(60).format(FORM_DATE));
    click(By.xpath("//label[normalize-space()='通常申請（事前）']"));

    // When she searches the party by name and chooses them
    WebElement search = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("input.platform-people-search[placeholder='氏名・所属で検索']")));
    scrollToCentre(search);
    search.sendKeys("総務 部長");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".platform-people-option")));
    screenshot("people-00-search");
    click(By.cssSelector(".platform-people-option[data-person-id='ga-director']"));

    // Then the field holds the id and the chip names the person
    assertThat(field(PARTIES).getDomProperty("value")).isEqualTo("ga-director");
    WebElement chip = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".platform-person-chip[data-person-id='ga-director']")));
    assertThat(chip.getText()).contains("総務 部長", "総務課");
    screenshot("people-01-party-chosen");
    assertThat(cspViolations()).isEmpty();

    // When the application is started
    click(By.xpath("//button[normalize-space()='開始']"));

    // Then the instance records the party's id, and the authorizer who is that party is passed over
    wait.until(driver -> runtime.createProcessInstanceQuery().processDefinitionKey("exception-measure")
        .variableValueEquals("scopeDescription", scope).count() == 1);
    ProcessInstance started = runtime.createProcessInstanceQuery().processDefinitionKey("exception-measure")
        .variableValueEquals("scopeDescription", scope).singleResult();
    assertThat(runtime.getVariable(started.getId(), "applicant")).isEqualTo("ga-staff");
    assertThat(runtime.getVariable(started.getId(), "parties")).isEqualTo("ga-director");
    Task review = tasks.createTaskQuery().processInstanceId(started.getId()).taskDefinitionKey("reviewApplication")
        .singleResult();
    assertThat(review.getAssignee()).isNotNull().isNotIn("ga-director", "ga-staff");
  }
}
