package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * マイ申請 and the case page in the browser, with the Tasklist login: the applicant sees their carry-out
 * with what it waits for, opens it and reads the timeline; another employee cannot open it; the approver finds
 * the decision under 処理済み.
 */
class MyRequestsInBrowserTest extends BrowserTest {

  @Test
  void theApplicantFollowsTheirCarryOutFromMyRequestsToTheCasePage() throws Exception {
    // Given ga-staff's carry-out, approved by ga-chief
    Map<String, Object> request = MediaCarryOutProcessTest.carryOut("1", "2", "1");
    String asset = "USB-" + UUID.randomUUID().toString().substring(0, 8);
    request.put("assetNumber", asset);
    ProcessInstance media = start("ga-staff", "media-carry-out", request);
    String number = (String) runtime.getVariable(media.getId(), "logNumber");
    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "approve", "decisionComment", "指定の運搬方法で"));

    // When ga-staff opens マイ申請
    logIntoTasklist("ga-staff");
    console();
    browser.get(url("/platform/cases/index.html"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "list"));

    // Then the request is there with its number and what it waits for (the return date)
    WebElement row = browser.findElement(By.cssSelector("#requests tbody tr[data-id='" + media.getId() + "']"));
    assertThat(row.getText()).contains(number, "外部電磁的記録媒体の持出し", "「返却予定日」を待っています", "処理中");
    screenshot("my-requests-01-list");
    assertThat(browser.findElement(By.id("message")).isDisplayed()).isFalse();

    // When the applicant opens the case
    row.findElement(By.tagName("a")).click();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "case"));

    // Then the timeline shows the application and ga-chief's approval with the reason and article, and the fields
    String page = pageText();
    assertThat(page).contains(number, "申請", "媒体の持出しを許可する", "総務 課長", "承認", "指定の運搬方法で",
        "課等情報セキュリティ責任者", asset, "資産番号");
    String returnOn = (String) request.get("returnOn");
    assertThat(page).as("the form's dates as yyyy/MM/dd, as on the registers page")
        .contains(returnOn.replace('-', '/')).doesNotContain(returnOn);
    assertThat(browser.findElement(By.id("started")).getText()).as("the application time in Japan time")
        .matches(".*申請日時 \\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}.*");
    assertThat(browser.findElements(By.cssSelector("#tasks a"))).as("no task of the applicant's is open yet").isEmpty();
    screenshot("my-requests-02-case");
    assertThat(cspViolations()).isEmpty();
    assertPlatformHeaders("/platform/cases/case.html", 200, false);

    // And another department's employee sees no case under the same address
    logIntoTasklist("proc-staff");
    browser.get(url("/platform/cases/case.html?id=" + media.getId()));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "case"));
    assertThat(browser.findElement(By.id("message")).getText()).contains("ありません");
    assertThat(pageText()).doesNotContain(asset, number);

    // And the approver finds the decision under 処理済み
    logIntoTasklist("ga-chief");
    browser.get(url("/platform/cases/index.html"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "list"));
    WebElement decided = browser.findElement(By.cssSelector("#decisions tbody tr[data-id='" + media.getId() + "']"));
    assertThat(decided.getText()).contains(number, "総務 花子", "媒体の持出しを許可する", "承認", "指定の運搬方法で");
    screenshot("my-requests-03-processed");
  }

  @Test
  void aCarryOutStillOutAfterItsReturnDateReadsReturnOverdueInMyRequestsAndOnTheCasePage() throws Exception {
    // Given ga-staff's permitted carry-out whose return date was yesterday in Japan (第48条: the medium comes back)
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "approve"));
    jdbc.update("update apr_media_carry_out set return_on = ? where process_instance_id = ?",
        java.sql.Date.valueOf(java.time.LocalDate.now(java.time.ZoneId.of("Asia/Tokyo")).minusDays(1)), media.getId());

    // When ga-staff opens マイ申請
    logIntoTasklist("ga-staff");
    browser.get(url("/platform/cases/index.html"));
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "list"));

    // Then the row says 返却期限超過, and so does the case page
    WebElement row = browser.findElement(By.cssSelector("#requests tbody tr[data-id='" + media.getId() + "']"));
    assertThat(row.getText()).contains("返却期限超過").doesNotContain("処理中");
    row.findElement(By.tagName("a")).click();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "case"));
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("返却期限超過");
    screenshot("my-requests-04-return-overdue");
  }
}
