package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The whole path of a media carry-out in the browser: ga-staff starts it from Tasklist's start form,
 * is told in Japanese which date is wrong, corrects it; ga-chief approves from 自分のタスク seeing the
 * routing reason; ga-staff finds the permission in the registers page.
 */
class MediaCarryOutInBrowserTest extends BrowserTest {

  private static final DateTimeFormatter FORM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

  @Test
  void anEmployeeStartsACarryOutFromTheStartFormAndTheSectionChiefApprovesIt() throws Exception {
    String asset = "USB-" + UUID.randomUUID().toString().substring(0, 8);
    LocalDate carryOut = LocalDate.now().plusDays(2);

    logIntoTasklist("ga-staff");
    screenshot("media-01-tasklist-ga-staff");
    click(By.xpath("//a[contains(normalize-space(),'申請を開始')]"));
    click(By.xpath("//a[normalize-space()='外部電磁的記録媒体の持出し']"));
    waitForText("記録されている情報");
    choose("媒体の種類", "USBメモリ");
    type("資産番号", asset);
    type("記録されている情報", "説明会の配布資料（要機密）");
    choose("機密性", "機密性3（要機密）");
    choose("完全性", "完全性1");
    choose("可用性", "可用性1");
    type("持出し先", "フィリピン事務所");
    type("持出し日", carryOut.format(FORM_DATE));
    type("返却予定日", carryOut.minusDays(1).format(FORM_DATE));
    type("持出しの目的", "現地説明会での説明に使う");
    type("運搬方法（安全確保の措置）", "手荷物として常時携行する");
    click(By.xpath("//label[contains(normalize-space(),'媒体を暗号化している')]"));
    click(By.xpath("//button[normalize-space()='開始']"));

    waitForText("「返却予定日」は持出し日以降の日付にしてください");
    scrollToCentre(browser.findElement(By.xpath("//*[contains(text(),'「返却予定日」は持出し日以降')]")));
    screenshot("media-02-bad-date-refused");
    assertThat(history(asset).count()).as("nothing started for the refused form").isZero();

    retype("返却予定日", carryOut.plusDays(3).format(FORM_DATE));
    click(By.xpath("//button[normalize-space()='開始']"));
    waitForText("申請を開始しました");
    screenshot("media-03-started");
    HistoricProcessInstance request = history(asset).singleResult();
    assertThat(request).as("the corrected request started once").isNotNull();

    logIntoTasklist("ga-chief");
    click(By.xpath("//*[contains(text(),'自分のタスク')]"));
    waitForText("媒体の持出しを許可する");
    Task task = tasks.createTaskQuery().processInstanceId(request.getId()).singleResult();
    assertThat(task.getAssignee()).isEqualTo("ga-chief");
    browser.get(url("/camunda/app/tasklist/default/#/?task=" + task.getId()));
    waitForText("ルーティング理由");
    wait.until(driver -> inputValues().contains(asset));
    assertThat(inputValues()).as("the routing reason shown to the approver")
        .anyMatch(value -> value.contains("課等情報セキュリティ責任者"));
    screenshot("media-04-approver-form");
    click(By.xpath("//label[contains(normalize-space(),'媒体が暗号化されていることを確認した')]"));
    type("運搬方法の指定（機密性3では必須）", "施錠できるケースに入れ、手荷物として常時携行する");
    click(By.xpath("//label[contains(.,'承認する')]"));
    click(By.xpath("//button[normalize-space()='完了']"));
    wait.until(driver -> tasks.createTaskQuery().processInstanceId(request.getId()).count() == 0);

    logIntoTasklist("ga-staff");
    browser.get(url("/platform/registers/index.html?register=media"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "media"));
    WebElement row = browser.findElement(By.xpath("//tr[td[normalize-space()='" + asset + "']]"));
    screenshot("media-05-applicant-sees-permission");
    assertThat(row.getText()).contains("総務部", "課等情報セキュリティ責任者の許可", "持出し中");
  }

  private HistoricProcessInstanceQuery history(String asset) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey("media-carry-out")
        .startedBy("ga-staff").variableValueEquals("assetNumber", asset);
  }

  private java.util.List<String> inputValues() {
    return browser.findElements(By.cssSelector("input, textarea")).stream()
        .map(input -> String.valueOf(input.getDomProperty("value"))).toList();
  }

  /** The form field labelled {@code label} (form-js links every label to its input by id). */
  private WebElement field(String label) {
    WebElement element = browser.findElement(By.xpath("//label[normalize-space(translate(., '*', ''))='" + label + "']"));
    return browser.findElement(By.id(element.getDomAttribute("for")));
  }

  private void type(String label, String text) {
    WebElement input = field(label);
    scrollToCentre(input);
    input.click();
    input.sendKeys(text, Keys.TAB);
  }

  private void retype(String label, String text) {
    WebElement input = field(label);
    scrollToCentre(input);
    input.click();
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    input.sendKeys(text, Keys.TAB);
  }

  /**
   * form-js draws a select as its own dropdown: open it by clicking (unless focus from the previous
   * field's TAB has opened it already), then click the option.
   */
  private void choose(String label, String option) {
    WebElement input = field(label);
    WebElement formField = input.findElement(By.xpath("ancestor::div[contains(@class,'fjs-form-field')][1]"));
    scrollToCentre(formField);
    if (formField.findElements(By.cssSelector(".fjs-dropdownlist")).isEmpty()) {
      formField.findElement(By.cssSelector(".fjs-select-display")).click();
    }
    formField.findElement(By.xpath(".//div[contains(@class,'fjs-dropdownlist-item') and normalize-space()='" + option + "']"))
        .click();
  }
}
