package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Issue 15: Cockpit names each running request by its record number and applicant, and shows no Camunda 8 banner. */
class CockpitApplicantsInBrowserTest extends BrowserTest {

  @Test
  void aProcessDefinitionListsItsRequestsByRecordNumberAndApplicant() throws Exception {
    // Given a running request of the CISO, known by its business key
    ProcessInstance request = start("ciso", "sample-approval", Map.of("title", "Cockpitで見る申請", "confidentiality", "2",
        "scope", "organization"));
    String business = runtime.createProcessInstanceQuery().processInstanceId(request.getId()).singleResult().getBusinessKey();
    String number = business == null ? request.getId() : business;

    // When the administrator opens the process definition's 申請一覧 in Cockpit
    logIn("/camunda/app/cockpit/default/", "admin");
    browser.get(url("/camunda/app/cockpit/default/#/process-definition/" + request.getProcessDefinitionId()
        + "/runtime?tab=platform-definition-applicants"));
    click(By.xpath("//a[normalize-space()='申請一覧']"));

    // Then the request is listed by its record number with its applicant
    wait.until(driver -> !browser.findElements(By.xpath("//table[contains(@class,'platform-applicants')]"
        + "//tr[td[normalize-space()='" + number + "']]")).isEmpty());
    String row = browser.findElement(By.xpath("//tr[td[normalize-space()='" + number + "']]")).getText();
    assertThat(row).contains("（ciso）", "実行中");
    assertThat(pageText()).doesNotContain("Camunda 8");
    screenshot("cockpit-02-applicants");

    // And the instance's 申請の概要 says the same
    browser.get(url("/camunda/app/cockpit/default/#/process-instance/" + request.getId()
        + "/runtime?tab=platform-instance-applicant"));
    click(By.xpath("//a[normalize-space()='申請の概要']"));
    wait.until(driver -> pageText().contains(number) && pageText().contains("（ciso）"));
  }
}
