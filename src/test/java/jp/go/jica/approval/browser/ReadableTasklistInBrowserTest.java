package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 15, "Tasklist and forms, in Japanese, readable", in a real browser: a start form shows a field only
 * when its condition holds, says in Japanese what form-js would say in English, takes and shows dates as
 * yyyy/mm/dd, shows no Camunda 8 banner, and places a server refusal under the field it names.
 */
class ReadableTasklistInBrowserTest extends BrowserTest {

  @Test
  void theCloudStartFormShowsTheIsmapNumberOnlyForARegisteredServiceArt62() throws Exception {
    // Given ga-staff opens the cloud service start form
    logIntoTasklist("ga-staff");
    assertThat(pageText()).doesNotContain("Camunda 8", "migrate", "first time");
    click(By.xpath("//a[contains(normalize-space(),'申請を開始')]"));
    // And 申請を開始 describes each process in one Japanese line, and offers no internal process
    waitForText("クラウドサービスを使い始める前に利用の承認を申請します（第145条第8項）。");
    waitForText("私物等の端末で機構の業務を行う許可を申請します");
    assertThat(pageText()).contains("USBメモリ等の媒体を要管理対策区域の外へ持ち出す許可を申請します")
        .doesNotContain("例外措置の申請状況報告", "規程運用ルールの変更申請");
    screenshot("readable-00-start-list");
    click(By.xpath("//a[normalize-space()='クラウドサービスの利用申請']"));
    waitForText("ISMAPクラウドサービスリストへの登録");

    // Then neither ISMAP field is shown before the registration is chosen
    assertThat(labels()).doesNotContain("ISMAP登録番号", "ISMAP未登録のサービスを選ぶ理由（第62条第3項）");

    // When the service is registered, Then the number is asked for and the reason is not
    click(By.xpath("//label[normalize-space()='登録されている']"));
    wait.until(driver -> labels().contains("ISMAP登録番号"));
    assertThat(labels()).doesNotContain("ISMAP未登録のサービスを選ぶ理由（第62条第3項）");

    // When it is not registered, Then the reason is asked for and the number is gone
    click(By.xpath("//label[normalize-space()='登録されていない']"));
    wait.until(driver -> labels().contains("ISMAP未登録のサービスを選ぶ理由（第62条第3項）"));
    assertThat(labels()).doesNotContain("ISMAP登録番号");

    // And the classification carries its help text with the article
    assertThat(pageText()).contains("第7条第4項", "第7条第5項", "第7条第6項");
    screenshot("readable-01-cloud-start-form");
    Path shots = Files.createDirectories(Path.of("docs", "screenshots"));
    Files.copy(Path.of("target", "screenshots", "readable-01-cloud-start-form.png"),
        shots.resolve("tasklist-start-form.png"), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void formJsSpeaksJapaneseAndDatesAreYyyyMmDd() throws Exception {
    // Given ga-staff opens the media carry-out start form
    logIntoTasklist("ga-staff");
    click(By.xpath("//a[contains(normalize-space(),'申請を開始')]"));
    click(By.xpath("//a[normalize-space()='外部電磁的記録媒体の持出し']"));
    waitForText("記録されている情報");

    // Then the date fields ask for yyyy/mm/dd and the selects for a choice in Japanese
    assertThat(field("持出し日").getDomAttribute("placeholder")).isEqualTo("yyyy/mm/dd");
    assertThat(pageText()).contains("選択してください").doesNotContain("Select");

    // When a date is typed as yyyy/mm/dd, Then it stays so
    String carryOut = LocalDate.now().plusDays(2).format(FORM_DATE);
    type("持出し日", carryOut);
    assertThat(field("持出し日").getDomProperty("value")).isEqualTo(carryOut);

    // When the form is started empty, Then form-js's own message is Japanese
    click(By.xpath("//button[normalize-space()='開始']"));
    waitForText("入力してください。");
    assertThat(pageText()).doesNotContain("Field is required");
  }

  @Test
  void aRefusalShowsUnderTheFieldItNamesInJapanese() throws Exception {
    // Given ga-staff fills in a carry-out whose return comes before the carry-out
    String asset = "USB-" + UUID.randomUUID().toString().substring(0, 8);
    LocalDate carryOut = LocalDate.now().plusDays(2);
    logIntoTasklist("ga-staff");
    fillInCarryOut(asset, "説明会の配布資料", "機密性1", carryOut, carryOut.minusDays(1));

    // When it is started
    click(By.xpath("//button[normalize-space()='開始']"));

    // Then the refusal stands under 返却予定日, in Japanese, inside the window
    WebElement note = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".platform-refusal")));
    assertThat(note.getText()).startsWith("「返却予定日」は持出し日以降の日付にしてください");
    WebElement owner = note.findElement(By.xpath("ancestor::div[contains(@class,'fjs-form-field')][1]"));
    assertThat(owner.getText()).contains("返却予定日");
    assertThat(inView(note)).as("visible without scrolling").isTrue();
    assertThat(note.getText()).doesNotContainPattern("[A-Za-z]{3,}");
    screenshot("readable-02-refusal-beside-field");
    Files.copy(Path.of("target", "screenshots", "readable-02-refusal-beside-field.png"),
        Files.createDirectories(Path.of("docs", "screenshots")).resolve("tasklist-refusal.png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void theDecisionAndCompleteAreNotUnderTheFooter() throws Exception {
    // Given the alternate at the top holds the CISO's request
    String request = start("ciso", "sample-approval", Map.of("title", "フッターの確認", "confidentiality", "2",
        "scope", "organization")).getId();
    Task review = tasks.createTaskQuery().processInstanceId(request).singleResult();
    logIntoTasklist(review.getAssignee());
    browser.get(url("/camunda/app/tasklist/default/#/?task=" + review.getId()));
    waitForText("ルーティング理由");

    // When the form is scrolled as far down as it goes
    WebElement complete = wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//button[normalize-space()='完了']")));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'end'});", complete);
    WebElement decision = browser.findElement(By.xpath("//label[contains(.,'承認する')]"));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'end'});", decision);

    // Then the decision and 完了 each stand above the footer when scrolled to
    assertThat(inView(decision)).as("the decision above the footer").isTrue();
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'end'});", complete);
    assertThat(inView(complete)).as("完了 above the footer").isTrue();
    screenshot("readable-03-complete-above-footer");
  }

  private boolean inView(WebElement element) {
    return Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript(
        "const r = arguments[0].getBoundingClientRect();"
            + "const footer = document.querySelector('footer, .footer');"
            + "const bottom = footer ? Math.min(window.innerHeight, footer.getBoundingClientRect().top) : window.innerHeight;"
            + "return r.top >= 0 && r.bottom <= bottom + 1;", element));
  }

  /** The labels of the form fields currently shown. */
  private List<String> labels() {
    return browser.findElements(By.cssSelector(".fjs-form-field-label")).stream()
        .map(label -> label.getText().replace("*", "").strip()).toList();
  }
}
