package jp.go.jica.approval.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.UUID;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * An employee reports a possible incident from Tasklist's start form (Art. 29-1) and the CSIRT head evaluates it
 * in Tasklist (Art. 29-2): the register records the evaluation and the reporter is told.
 */
class IncidentResponseInBrowserTest extends BrowserTest {

  @Test
  void anEmployeeReportsAnIncidentFromTasklistAndTheCsirtEvaluatesIt() throws Exception {
    String title = "不審なメールの添付を開いた " + UUID.randomUUID().toString().substring(0, 8);

    // Given ga-staff in Tasklist
    logIntoTasklist("ga-staff");

    // When she reports from 申請を開始
    click(By.xpath("//a[contains(normalize-space(),'申請を開始')]"));
    click(By.xpath("//a[normalize-space()='情報セキュリティインシデントへの対処']"));
    waitForText("発生した事象（何が起きたか）");
    type("件名", title);
    type("発生した事象（何が起きたか）", "取引先を名乗るメールの添付ファイルを開いたところ、何も表示されなかった");
    type("気付いた日", LocalDate.now().format(FORM_DATE));
    choose("関係する情報の格付（機密性）", "機密性2（要機密）");
    click(By.xpath("//label[contains(normalize-space(),'分からない')]"));
    click(By.xpath("//label[contains(normalize-space(),'サイバー攻撃の可能性がある')]"));
    screenshot("incident-01-report-form");
    click(By.xpath("//button[normalize-space()='開始']"));
    waitForText("申請を開始しました");

    // Then the report is registered with its number, waiting for the CSIRT head
    HistoricProcessInstance reported = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processDefinitionKey("incident-response").variableValueEquals("incidentTitle", title).singleResult();
    assertThat(reported).isNotNull();
    assertThat(reported.getBusinessKey()).matches("IN-\\d{4}-\\d{5}");
    ProcessInstance incident = runtime.createProcessInstanceQuery().processInstanceId(reported.getId()).singleResult();
    assertThat(task(incident, "evaluateIncident").getAssignee()).isEqualTo("it-director");

    // When the CSIRT head opens the evaluation in Tasklist and finds no incident
    logIntoTasklist("it-director");
    click(By.xpath("//*[contains(@class,'tasks-list')]//a[contains(normalize-space(),'インシデントかどうかを評価する')]"));
    waitForText("評価の理由と対処の指示");
    click(By.xpath("//label[contains(normalize-space(),'情報セキュリティインシデントではない')]"));
    type("評価の理由と対処の指示", "添付は無害な文書と確認した。端末の検査でも異常なし");
    click(By.xpath("//label[contains(normalize-space(),'評価を確定する')]"));
    screenshot("incident-02-csirt-evaluation");
    click(By.xpath("//button[normalize-space()='完了']"));
    wait.until(driver -> runtime.createProcessInstanceQuery().processInstanceId(reported.getId()).count() == 0);

    // Then the register says so, who evaluated it, and the reporter is told
    assertThat(jdbc.queryForMap("select * from apr_incident where process_instance_id = ?", reported.getId()))
        .containsEntry("status", "インシデントではない").containsEntry("evaluated_by", "it-director")
        .containsEntry("cyber_attack_reported", true).containsEntry("personal_information", "unknown");
    assertThat(mails(incident)).contains("incident-response/not-an-incident:ga-staff");
  }
}
