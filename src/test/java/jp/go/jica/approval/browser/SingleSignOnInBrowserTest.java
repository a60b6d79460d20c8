package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jp.go.jica.approval.OidcProvider;
import jp.go.jica.approval.OnSso;
import jp.go.jica.approval.byod.ByodPermissionProcessTest;
import jp.go.jica.approval.organization.OrgChartService;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Single sign-on in a real browser (profile sso): an approver opens Tasklist, signs in on the provider's login page,
 * approves the routed request in Tasklist as themselves, and one logout ends both the platform's and the provider's
 * session. Screenshots go to target/screenshots.
 */
@OnSso
class SingleSignOnInBrowserTest extends BrowserTest {

  @Autowired OrgChartService charts;

  @Test
  void anApproverSignsInOnTheProvidersPageApprovesInTasklistAndOneLogoutEndsEverything() throws Exception {
    // Given a request routed to ga-chief
    String request = start("ga-staff", "sample-approval", Map.of("title", "組織認証で承認する申請",
        "confidentiality", "1")).getId();
    String taskId = tasks.createTaskQuery().processInstanceId(request).singleResult().getId();

    // When ga-chief opens Tasklist, Then the provider's login page asks for the employee id (no Camunda login form)
    browser.get(url("/camunda/app/tasklist/default/"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("employee")));
    assertThat(browser.getCurrentUrl()).startsWith(OidcProvider.shared().issuer());
    assertThat(pageText()).contains("組織認証", "職員ID");
    screenshot("sso-01-provider-login");

    // When they sign in there
    browser.findElement(By.id("employee")).sendKeys("ga-chief");
    browser.findElement(By.cssSelector("button[type=submit]")).click();

    // Then Tasklist opens signed in, and they approve the request
    waitForText("自分のタスク");
    assertThat(browser.getCurrentUrl()).startsWith(url("/camunda/app/tasklist/default/"));
    screenshot("sso-02-tasklist");
    browser.get(url("/camunda/app/tasklist/default/#/?task=" + taskId));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "ルーティング理由"));
    click(By.xpath("//label[contains(.,'承認する')]"));
    click(By.xpath("//button[normalize-space()='完了']"));
    wait.until(driver -> engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(request)
        .finished().count() == 1);
    screenshot("sso-03-approved");
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().processInstanceId(request)
        .singleResult().getEndActivityId()).isEqualTo("requestApproved");
    // Camunda took the user from the sign-in: the completion is ga-chief's
    assertThat(engine.getHistoryService().createUserOperationLogQuery().taskId(taskId).operationType("Complete")
        .singleResult().getUserId()).isEqualTo("ga-chief");

    // When they log out from Tasklist's account menu
    click(By.cssSelector("li.account > a, li.account .dropdown-toggle"));
    click(By.cssSelector("li.logout a"));

    // Then the provider's end-session returns them to the platform's signed-out page, and Tasklist asks the provider again
    wait.until(ExpectedConditions.urlContains("/platform/sso/signed-out.html"));
    waitForText("ログアウトしました");
    screenshot("sso-04-signed-out");
    browser.get(url("/camunda/app/tasklist/default/"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("employee")));
    assertThat(browser.getCurrentUrl()).startsWith(OidcProvider.shared().issuer());
  }

  @Test
  void anEmployeeWhoOpensCockpitWithoutAccessIsRefusedThereAndStaysSignedInForTasklist() {
    // Given ga-staff (no Cockpit access on the chart) opens Cockpit and signs in through the provider
    browser.get(url("/camunda/app/cockpit/default/"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("employee")));
    browser.findElement(By.id("employee")).sendKeys("ga-staff");
    browser.findElement(By.cssSelector("button[type=submit]")).click();

    // Then Cockpit refuses them in Japanese, as it does after a password login, and no login form shows
    waitForText("権限がありません");
    assertThat(browser.findElements(By.cssSelector("input[type=password]"))).as("Camunda's login form").isEmpty();

    // When they open Tasklist, Then it serves them without another sign-in
    browser.get(url("/camunda/app/tasklist/default/"));
    waitForText("自分のタスク");
    assertThat(browser.getCurrentUrl()).startsWith(url("/camunda/app/tasklist/"));
  }

  @Test
  void aLeaverWorkingInTasklistIsSentToTheProviderAtTheNextClickAfterTheReloadAndRefusedThere() throws Exception {
    // Given proc-staff signed in and working in Tasklist
    browser.get(url("/camunda/app/tasklist/default/"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("employee")));
    browser.findElement(By.id("employee")).sendKeys("proc-staff");
    browser.findElement(By.cssSelector("button[type=submit]")).click();
    waitForText("自分のタスク");
    try {
      // When proc-staff leaves, the chart is reloaded, and they click on in Tasklist
      ByodPermissionProcessTest.leaves(charts, "proc-staff");
      click(By.xpath("//*[contains(text(),'グループのタスク')]"));

      // Then Tasklist's next request ends the session: no Camunda login form, the provider's page instead
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("employee")));
      assertThat(browser.getCurrentUrl()).startsWith(OidcProvider.shared().issuer());

      // When they sign in there again, Then the platform refuses them in Japanese
      browser.findElement(By.id("employee")).sendKeys("proc-staff");
      browser.findElement(By.cssSelector("button[type=submit]")).click();
      waitForText("組織図に登録されていません");
      screenshot("sso-05-leaver-refused");
    } finally {
      ByodPermissionProcessTest.restoreChart(charts);
    }
  }
}
