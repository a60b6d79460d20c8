package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.go.jica.approval.ledger.CaseWithdrawn;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Value;

/**
 * The applicant's and the approver's day with a media carry-out, in the browser: ga-staff starts it from
 * Tasklist's start form, is told in Japanese which date is wrong, corrects it, follows it in マイ申請 and
 * withdraws a second one; ga-chief finds it by its record number and approves it seeing the routing reason;
 * ga-staff's mail (GreenMail) has the number, summary and transport and links the case page, whose timeline
 * shows both steps; the permission is in the registers page.
 */
class MediaCarryOutInBrowserTest extends BrowserTest {

  @Value("${approval.mail.base-url}") String mailBaseUrl;
  GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  @AfterEach
  void stopSmtp() {
    smtp.stop();
  }


  @Test
  void anEmployeeStartsACarryOutFromTheStartFormAndTheSectionChiefApprovesIt() throws Exception {
    smtp.start();
    String asset = "USB-" + UUID.randomUUID().toString().substring(0, 8);
    LocalDate carryOut = LocalDate.now().plusDays(2);

    logIntoTasklist("ga-staff");
    screenshot("media-01-tasklist-ga-staff");
    fillInCarryOut(asset, "説明会の配布資料（要機密）", "機密性3（要機密）", carryOut, carryOut.minusDays(1));
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

    String number = request.getBusinessKey();
    assertThat(number).as("the business key is the record number").matches("MD-\\d{4}-\\d{5}");

    // ga-staff has a second carry-out that she withdraws from its case page
    Map<String, Object> cancelled = MediaCarryOutProcessTest.carryOut("1", "2", "1");
    cancelled.put("assetNumber", asset + "-2");
    ProcessInstance second = start("ga-staff", "media-carry-out", cancelled);

    browser.get(url("/platform/cases/index.html"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "list"));
    WebElement mine = browser.findElement(By.cssSelector("#requests tbody tr[data-id='" + request.getId() + "']"));
    assertThat(mine.getText()).as("マイ申請 names the step and who holds it")
        .contains(number, "媒体の持出しを許可する", "総務 課長", "処理中");
    screenshot("media-04-my-requests");

    browser.get(url("/platform/cases/case.html?id=" + second.getId()));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "case"));
    browser.findElement(By.id("withdrawReason")).sendKeys("出張が中止になったため");
    click(By.id("withdrawButton"));
    wait.until(driver -> engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(second.getId())
        .finished().count() == 1);
    wait.until(ExpectedConditions.textToBe(By.id("status"), CaseWithdrawn.STATUS));
    assertThat(tasks.createTaskQuery().processInstanceId(second.getId()).count()).isZero();
    screenshot("media-05-second-withdrawn");

    // ga-chief, with another request waiting too, finds the first by its record number in Tasklist's search
    Map<String, Object> another = MediaCarryOutProcessTest.carryOut("1", "2", "1");
    another.put("assetNumber", asset + "-3");
    start("ga-staff", "media-carry-out", another);
    logIntoTasklist("ga-chief");
    wait.until(driver -> browser.findElements(By.cssSelector(".tasks-list > li")).size() >= 2);
    click(By.cssSelector(".search-container > input"));
    click(By.xpath("//*[contains(@class,'search-container')]//ul//a[contains(normalize-space(),'記録番号')]"));
    WebElement criterion = wait.until(driver -> driver.findElements(By.cssSelector("[cam-widget-search-pill] input")).stream()
        .filter(WebElement::isDisplayed).findFirst().orElse(null));
    criterion.sendKeys(number, Keys.ENTER);
    Task task = tasks.createTaskQuery().processInstanceId(request.getId()).singleResult();
    assertThat(task.getAssignee()).isEqualTo("ga-chief");
    wait.until(driver -> browser.findElements(By.cssSelector(".tasks-list > li")).size() == 1);
    assertThat(browser.findElement(By.cssSelector("[cam-widget-search-pill]")).getText()).contains(number);
    assertThat(browser.findElement(By.cssSelector(".tasks-list > li")).getText()).as("the list says which request it is")
        .contains(number + " 総務 花子：USBメモリでの説明会の配布資料（要機密）の持出し");
    screenshot("media-06-found-by-record-number");
    click(By.xpath("//*[contains(@class,'tasks-list')]//a[contains(normalize-space(),'媒体の持出しを許可する')]"));
    waitForText("ルーティング理由");
    wait.until(driver -> inputValues().contains(asset));
    assertThat(inputValues()).as("the routing reason shown to the approver")
        .anyMatch(value -> value.contains("課等情報セキュリティ責任者"));
    screenshot("media-07-approver-form");
    click(By.xpath("//label[contains(normalize-space(),'媒体が暗号化されていることを確認した')]"));
    type("運搬方法の指定（機密性3では必須）", "施錠できるケースに入れ、手荷物として常時携行する");
    click(By.xpath("//label[contains(.,'承認する')]"));
    click(By.xpath("//button[normalize-space()='完了']"));
    wait.until(driver -> tasks.createTaskQuery().processInstanceId(request.getId()).taskDefinitionKey("sectionIsoPermission")
        .count() == 0);

    // ga-staff's mail says which request, what it is and how to carry it, and links its case page
    for (Job job : management.createJobQuery().processInstanceId(request.getId()).executable().list()) {
      management.executeJob(job.getId());
    }
    MimeMessage approved = Arrays.stream(smtp.getReceivedMessages())
        .filter(m -> recipient(m).equals("ga-staff@example.go.jp") && subject(m).startsWith("【承認】")).findFirst().orElseThrow();
    assertThat(approved.getSubject()).contains(number);
    String body = approved.getContent().toString();
    assertThat(body).contains(number, "USBメモリでの説明会の配布資料（要機密）の持出し",
        "施錠できるケースに入れ、手荷物として常時携行する");
    Matcher link = Pattern.compile("(https?://[^/\\s]+)(/platform/cases/case\\.html\\?id=\\S+)").matcher(body);
    assertThat(link.find()).as("a case link in the mail").isTrue();
    assertThat(link.group(1)).isEqualTo(mailBaseUrl);

    // And the link opens the case page with both steps in its timeline
    logIntoTasklist("ga-staff");
    browser.get(url(link.group(2)));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "case"));
    String timeline = browser.findElement(By.id("timeline")).getText();
    assertThat(timeline).contains("申請", "総務 花子", "媒体の持出しを許可する", "総務 課長", "承認");
    assertThat(pageText()).contains(number);
    screenshot("media-08-case-page-from-mail");

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

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String recipient(MimeMessage message) {
    try {
      return message.getAllRecipients()[0].toString();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
