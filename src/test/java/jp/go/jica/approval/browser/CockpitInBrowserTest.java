package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Cockpit and Admin in a real browser, in Japanese: what an operator and an administrator see first. */
class CockpitInBrowserTest extends BrowserTest {

  @Test
  void theSecurityOfficeMonitorsInJapaneseInCockpit() throws Exception {
    logIn("/camunda/app/cockpit/default/", "it-director");
    waitForText("実行中のプロセスインスタンス");
    browser.get(url("/camunda/app/cockpit/default/#/processes"));
    waitForText("実行中のインスタンス");
    screenshot("cockpit-01-processes");
    assertThat(pageText()).contains("外部電磁的記録媒体の持出し", "インシデント", "名前");
  }

  @Test
  void theAdministratorManagesUsersInJapaneseInAdmin() throws Exception {
    logIn("/camunda/app/admin/default/", "admin");
    browser.get(url("/camunda/app/admin/default/#/users"));
    waitForText("ユーザー");
    wait.until(driver -> pageText().contains("ga-staff"));
    screenshot("admin-01-users");
    assertThat(pageText()).contains("グループ", "権限");
  }
}
