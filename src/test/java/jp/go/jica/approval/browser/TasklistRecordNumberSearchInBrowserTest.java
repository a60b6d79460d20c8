package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Tasklist's search in Japanese: the business key of every request is its record number, so an approver adds
 * the criterion 記録番号（業務キー）, types the number from a mail or the register, and finds that one task.
 */
class TasklistRecordNumberSearchInBrowserTest extends BrowserTest {

  @Test
  void anApproverFindsExactlyTheTaskOfARecordNumberWithTheJapaneseCriterion() throws Exception {
    // Given two carry-outs of ga-staff, each waiting for ga-chief's permission
    ProcessInstance wanted = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    ProcessInstance other = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    String number = (String) runtime.getVariable(wanted.getId(), "logNumber");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(wanted.getId()).singleResult().getBusinessKey())
        .isEqualTo(number);
    String wantedTask = task(wanted, "sectionIsoPermission").getId();
    String otherTask = task(other, "sectionIsoPermission").getId();

    // When ga-chief opens 自分のタスク and adds the search criterion 記録番号（業務キー） with that number
    logIntoTasklist("ga-chief");
    browser.findElement(By.xpath("//*[contains(text(),'自分のタスク')]")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a[href*='" + otherTask + "']")));
    WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[cam-widget-search] input.main-field")));
    field.click();
    field.sendKeys("記録番号");
    click(By.xpath("//ul[contains(@class,'dropdown-menu')]//a[contains(.,'記録番号（業務キー）')]"));
    WebElement value = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".search-label .value-field input")));
    value.sendKeys(number, Keys.ENTER);

    // Then the list holds exactly that task, and the criterion reads in Japanese
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("a[href*='" + otherTask + "']")));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a[href*='" + wantedTask + "']")));
    // the list re-renders while the search settles: read the links once they have settled
    List<String> listed = wait.until(driver -> {
      try {
        List<String> links = driver.findElements(By.cssSelector("ol.tasks-list > li.task h4 a")).stream()
            .map(link -> link.getAttribute("href")).toList();
        return links.size() == 1 ? links : null;
      } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
        return null;
      }
    });
    assertThat(listed).as("tasks listed for " + number).singleElement().asString().contains(wantedTask);
    assertThat(browser.findElement(By.cssSelector(".search-label")).getText()).contains("記録番号（業務キー）", number);
    screenshot("tasklist-search-record-number");
  }
}
