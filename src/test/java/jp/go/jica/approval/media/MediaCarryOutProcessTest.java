package jp.go.jica.approval.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.byod.ByodPermissionProcessTest;
import jp.go.jica.approval.notification.ApplicantMail;
import jp.go.jica.approval.organization.OrgChartService;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code media-carry-out.bpmn} with {@code media-permission.dmn}: who must permit, encryption and the
 * designated transport, designated areas, the return, its escalation and lost media.
 */
public class MediaCarryOutProcessTest extends PlatformTest {

  static final Map<String, Object> DESIGNATED = Map.of("decision", "approve", "decisionComment", "",
      "encryptionConfirmed", true, "designatedTransport", "施錠したケースに入れ、本人が手持ちで運搬する");

  @LocalServerPort int port;
  @Autowired OrgChartService charts;

  @BeforeEach
  void initAssertions() {
    BpmnAwareTests.init(engine);
  }

  @Test
  void confidentialityThreeNeedsTheSectionIsoEncryptionAndADesignatedTransport() {
    Map<String, Object> unencrypted = carryOut("3", "1", "1");
    unencrypted.put("encrypted", false);
    assertRefused(() -> request("ga-staff", unencrypted), BadUserRequestException.class, "「暗号化」が必要");

    ProcessInstance media = request("ga-staff", carryOut("3", "1", "1"));
    Task permission = task(media, "sectionIsoPermission");
    assertThat(permission).isAssignedTo("ga-chief");
    assertRefused(() -> complete(permission, "ga-chief", Map.of("decision", "approve", "decisionComment", "",
        "encryptionConfirmed", true)), BadUserRequestException.class, "運搬方法の指定");
    complete(permission, "ga-chief", DESIGNATED);

    assertThat(media).hasPassedInOrder("determinePermission", "permissionNeeded", "sectionIsoPermission",
        "recordPermission", "permissionDecided").isWaitingAt("returnDue");
    assertThat(log(media)).containsEntry("permission", "section-iso").containsEntry("permitted_by", "ga-chief")
        .containsEntry("designated_transport", "施錠したケースに入れ、本人が手持ちで運搬する").containsEntry("status", "持出し中");
  }

  @Test
  void integrityTwoAloneNeedsThePermissionButNoDesignatedTransport() {
    ProcessInstance media = request("ga-staff", carryOut("1", "2", "1"));

    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "approve", "decisionComment", ""));

    assertThat(media).isWaitingAt("returnDue");
  }

  @Test
  void aDestinationDesignatedByTheChiefIsoCountsAsInsideAndIsOnlyRecorded() {
    Http http = new Http(port);
    assertThat(http.put("ga-chief", "/api/media/designated-areas/MOFA-01",
        "{\"name\":\"外務省 会議室\",\"organization\":\"外務省\"}").status()).isEqualTo(403);
    assertThat(http.put("it-director", "/api/media/designated-areas/MOFA-01",
        "{\"name\":\"外務省 会議室\",\"organization\":\"外務省\"}").status()).isEqualTo(200);
    Map<String, Object> values = carryOut("3", "1", "1");
    values.put("destinationAreaId", "MOFA-01");
    values.put("encrypted", false);

    ProcessInstance media = request("ga-staff", values);

    assertThat(media).hasPassedInOrder("determinePermission", "permissionNeeded", "recordWithoutPermission")
        .isWaitingAt("returnDue");
    assertThat(log(media)).containsEntry("permission", "record-only").containsEntry("designated_area_id", "MOFA-01");
    assertRefused(() -> request("ga-staff", withArea("NOWHERE")), BadUserRequestException.class, "指定区域コード");
  }

  @Test
  void confidentialityOneNeedsNoPermissionAndRecordsTheTransport() {
    ProcessInstance media = request("ga-staff", carryOut("1", "1", "1"));

    assertThat(media).hasPassedInOrder("recordWithoutPermission").isWaitingAt("returnDue");
    assertThat(log(media)).containsEntry("permission", "none").containsEntry("transport_method", "鞄に入れて手持ち");
  }

  @Test
  void theReturnIsReportedAndAnOverdueReturnEscalatesToTheSectionIso() {
    ProcessInstance media = request("ga-staff", carryOut("1", "1", "2"));
    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "approve", "decisionComment", ""));

    fire(media, "returnDue");
    fire(media, "returnReminderDue");
    fire(media, "returnOverdue");
    assertThat(mails(media)).contains("media/return-reminder:ga-staff", "media/return-overdue:ga-chief");

    complete(task(media, "confirmReturn"), "ga-staff", Map.of("returnResult", "returned", "informationErased", true));
    assertThat(media).hasPassedInOrder("returnDue", "confirmReturn", "returnOutcome", "recordReturn", "carryOutClosed")
        .isEnded();
    assertThat(log(media)).containsEntry("status", "返却済み").containsEntry("information_erased", true);
  }

  @Test
  @DisplayName("第29条第1項: 紛失はCSIRTへインシデントとして報告され、記録簿にインシデント番号が残る")
  void aLostMediumIsReportedToTheCsirtAsAPossibleIncident() {
    ProcessInstance media = lost("ga-staff", "電車内で紛失");

    assertThat(media).hasPassedInOrder("returnOutcome", "startIncident", "recordLoss", "lossReported").isEnded();
    assertThat(log(media)).containsEntry("lost", true).containsEntry("status", "紛失");
    String number = (String) log(media).get("incident_number");
    assertThat(jdbc.queryForMap("select * from apr_incident where incident_number = ?", number))
        .containsEntry("source_process_instance_id", media.getId()).containsEntry("source_number", log(media).get("log_number"));
  }

  @Test
  @DisplayName("第16条第2項: CSIRT責任者本人が媒体を紛失したとき、インシデントの評価は本人ではなく上司へ")
  void theCsirtHeadsOwnLostMediaIsEvaluatedAboveThem() {
    ProcessInstance media = lost("it-director", "出張先で紛失");

    ProcessInstance incident = runtime.createProcessInstanceQuery()
        .processInstanceBusinessKey((String) log(media).get("incident_number")).singleResult();
    assertThat(task(incident, "evaluateIncident")).isAssignedTo("ciso");
  }

  @Test
  void theSectionIsoApplyingIsEscalatedToTheDepartmentHead() {
    ProcessInstance media = request("ga-chief", carryOut("3", "1", "1"));

    assertThat(task(media, "sectionIsoPermission")).isAssignedTo("ga-director");
  }

  @Test
  @DisplayName("第16条第2項: 課等情報セキュリティ責任者本人の持出しの返却期限超過は、本人ではなく上司へ通知される")
  void theSectionIsosOwnOverdueCarryOutIsEscalatedAboveThem() {
    ProcessInstance media = request("ga-chief", carryOut("3", "1", "1"));
    assertThat(task(media, "sectionIsoPermission")).isAssignedTo("ga-director");
    complete(task(media, "sectionIsoPermission"), "ga-director", DESIGNATED);

    fire(media, "returnDue");
    fire(media, "returnReminderDue");
    fire(media, "returnOverdue");

    assertThat(mails(media)).contains("media/return-reminder:ga-chief", "media/return-overdue:ga-director")
        .doesNotContain("media/return-overdue:ga-chief");
    assertThat(media).hasPassedInOrder("returnDue", "returnOverdue", "escalateReturn", "returnEscalated")
        .isWaitingAt("confirmReturn");
  }

  @Test
  @DisplayName("第16条: 返却の報告は申請者本人の手順のまま本人が行い、申請側として記録される")
  void theApplicantReportsTheirOwnReturnAsAStepOnTheApplicantsSide() {
    ProcessInstance media = request("ga-chief", carryOut("3", "1", "1"));
    complete(task(media, "sectionIsoPermission"), "ga-director", DESIGNATED);
    fire(media, "returnDue");

    Task report = task(media, "confirmReturn");
    assertThat(report).isAssignedTo("ga-chief");
    assertThat(jdbc.queryForObject("select count(*) from apr_routing_decision where task_id = ?", Integer.class,
        report.getId())).as("not moved").isZero();
    complete(report, "ga-chief", Map.of("returnResult", "returned", "informationErased", true));

    assertThat(media).hasPassedInOrder("confirmReturn", "returnOutcome", "recordReturn", "carryOutClosed").isEnded();
    assertThat(log(media)).containsEntry("status", "返却済み");
    assertThat(jdbc.queryForList("select person_id from apr_case_actor where process_instance_id = ? and step = ?",
        String.class, media.getId(), "confirmReturn")).containsExactly("ga-chief");
  }

  @Test
  void aSectionIsoDeclaringAConflictSendsThePermissionToTheSuperior() {
    ProcessInstance media = request("ga-staff", carryOut("3", "1", "1"));

    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "conflict", "decisionComment", "持出し先が親族の会社"));

    assertThat(task(media, "sectionIsoPermission")).isAssignedTo("ga-director");
    assertThat(media).hasPassedInOrder("sectionIsoPermission", "recordPermission", "permissionDecided");
  }

  @Test
  void aRejectedCarryOutEnds() {
    ProcessInstance media = request("ga-staff", carryOut("3", "1", "1"));

    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "reject", "decisionComment", "不要な持出し"));

    assertThat(media).hasPassedInOrder("notifyRejected", "carryOutRejected").isEnded();
    assertThat(log(media)).containsEntry("status", "却下");
  }

  @Test
  void aSentBackRequestIsRevisedAndTheRulesApplyAgain() {
    ProcessInstance media = request("ga-staff", carryOut("3", "1", "1"));
    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "sendBack", "decisionComment", "機密性を見直して"));

    complete(task(media, "reviseRequest"), "ga-staff", carryOut("1", "1", "1"));

    assertThat(media).hasPassedInOrder("reviseRequest", "registerCarryOut", "determinePermission",
        "recordWithoutPermission").isWaitingAt("returnDue");
    assertThat(log(media)).containsEntry("confidentiality", 1);
  }

  @Test
  void aReturnDateBeforeTheCarryOutIsRefused() {
    Map<String, Object> values = carryOut("1", "1", "1");
    values.put("returnOn", LocalDate.now().minusDays(3).toString());

    assertRefused(() -> request("ga-staff", values), BadUserRequestException.class, "「返却予定日」");
  }

  @Test
  @DisplayName("第20条第2項・第48条第1項: 退職者の持出し中の媒体は課等情報セキュリティ責任者が返却を確認して終了し、審査中の申請は終了する")
  void aLeaversCarryOutIsClosedByTheSectionIsoAndTheirUndecidedRequestEnds() throws Exception {
    // Given proc-staff has a medium out and a request waiting for the section-iso
    ProcessInstance out = request("proc-staff", carryOut("1", "1", "1"));
    fire(out, "returnDue");
    ProcessInstance undecided = request("proc-staff", carryOut("1", "2", "1"));
    assertThat(undecided).isWaitingAt("sectionIsoPermission");

    // When proc-staff leaves and the chart is reloaded
    try {
      ByodPermissionProcessTest.leaves(charts, "proc-staff");

      // Then the return report leaves proc-staff and the section-iso confirms the return instead
      assertThat(task(out, "confirmReturn")).isNull();
      Task check = task(out, "confirmLeaverReturn");
      assertThat(check).isAssignedTo("proc-chief");
      assertThat(log(out)).containsEntry("status", "退職（返却確認待ち）");
      assertThat(mails(out)).contains("media/applicant-left:proc-chief");
      assertThat(undecided).hasPassed("requestEndedByLeaving").isEnded();
      assertThat(log(undecided)).containsEntry("status", "退職により終了（審査中止）");

      // When the section-iso confirms the return
      complete(check, "proc-chief", Map.of("leaverReturnConfirmed", true, "leaverClosingNote", "退職日に課へ返却された"));

      // Then the log says the carry-out ended by leaving, and who confirmed it
      assertThat(out).hasPassedInOrder("applicantLeft", "recordApplicantLeft", "confirmLeaverReturn",
          "recordLeaverCaseClosed", "closedByLeaving").isEnded();
      assertThat(log(out)).containsEntry("status", "退職により終了（返却確認済み）").containsEntry("closed_by", "proc-chief");
      assertThat(log(out).get("returned_at")).isNotNull();
    } finally {
      ByodPermissionProcessTest.restoreChart(charts);
    }
  }

  @Test
  void everyFormIsDeployedAndFoundForItsTask() throws Exception {
    ProcessInstance media = request("ga-staff", carryOut("3", "1", "1"));
    assertDeployedForm(task(media, "sectionIsoPermission"), "media-permission");
    complete(task(media, "sectionIsoPermission"), "ga-chief", DESIGNATED);
    fire(media, "returnDue");
    assertDeployedForm(task(media, "confirmReturn"), "media-return");
    ProcessInstance other = request("ga-staff", carryOut("3", "1", "1"));
    complete(task(other, "sectionIsoPermission"), "ga-chief", Map.of("decision", "sendBack", "decisionComment", "x"));
    assertDeployedForm(task(other, "reviseRequest"), "media-revise");
  }

  /** A valid carry-out request of the given classification; other tests start from it too. */
  @Test
  @DisplayName("申請者は許可の通知で記録番号・要約・条件・運搬方法の指定・返却予定日を受け取る（第47条）")
  void theApplicantsApprovalMailCarriesTheDesignatedTransportAndTheReturnDateArt47() {
    // Given a confidentiality-3 carry-out waiting for the section iso
    ProcessInstance media = request("ga-staff", carryOut("3", "1", "1"));
    Map<String, Object> approval = new HashMap<>(DESIGNATED);
    approval.put("decisionComment", "会場では施錠できる場所に保管すること");

    // When the section iso approves with a designated transport and a condition
    complete(task(media, "sectionIsoPermission"), "ga-chief", approval);

    // Then the applicant's mail says which request, what it is, the transport, the return date and the condition
    ApplicantMail mail = ApplicantMail.of(engine, jdbc, media, "request-approved", "ga-staff", SUMMARY);
    assertThat(mail.subject()).startsWith("【承認】");
    assertThat(mail.body()).contains("運搬方法の指定: 施錠したケースに入れ、本人が手持ちで運搬する",
        "返却予定日: " + LocalDate.now().plusDays(2).toString().replace('-', '/'), "会場では施錠できる場所に保管すること");
    assertThat(media).hasPassedInOrder("permissionDecided", "notifyApproved").isWaitingAt("returnDue");
  }

  @Test
  void aCarryOutRecordedWithoutPermissionIsMailedWithItsReturnDate() {
    ProcessInstance media = request("ga-staff", carryOut("1", "1", "1"));

    ApplicantMail mail = ApplicantMail.of(engine, jdbc, media, "request-recorded", "ga-staff", SUMMARY);
    assertThat(mail.body()).contains("許可を要しない", "申請した運搬方法: 鞄に入れて手持ち",
        "返却予定日: " + LocalDate.now().plusDays(2).toString().replace('-', '/'));
    assertThat(mails(media)).doesNotContain("request-approved:ga-staff");
  }

  @Test
  void theApplicantIsMailedTheRejectionAndASendBackLinksTheReviseTask() {
    ProcessInstance rejected = request("ga-staff", carryOut("1", "2", "1"));
    ProcessInstance sentBack = request("ga-staff", carryOut("1", "2", "1"));

    complete(task(rejected, "sectionIsoPermission"), "ga-chief", Map.of("decision", "reject", "decisionComment", "目的に対し不要"));
    complete(task(sentBack, "sectionIsoPermission"), "ga-chief", Map.of("decision", "sendBack", "decisionComment", "返却日を見直すこと"));

    assertThat(ApplicantMail.of(engine, jdbc, rejected, "request-rejected", "ga-staff", SUMMARY).body()).contains("目的に対し不要");
    ApplicantMail back = ApplicantMail.of(engine, jdbc, sentBack, "request-sent-back", "ga-staff", SUMMARY);
    assertThat(back.body()).contains("返却日を見直すこと", "/camunda/app/tasklist/default/#/?task=" + task(sentBack, "reviseRequest").getId());
  }

  @Test
  void everyTaskOfTheCarryOutSaysWhichRequestItIsAndTheChiefFindsItByTheRecordNumber() {
    ProcessInstance media = request("ga-staff", carryOut("1", "2", "1"));

    ApplicantMail.assertDescribed(engine, new Http(port), task(media, "sectionIsoPermission"), "総務 花子", SUMMARY, "ga-chief");
    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "approve", "decisionComment", ""));
    fire(media, "returnDue");
    ApplicantMail.assertDescribed(engine, new Http(port), task(media, "confirmReturn"), "総務 花子", SUMMARY, "ga-staff");
  }

  /** What carryOut(...) is, in one line. */
  static final String SUMMARY = "USBメモリでの説明会資料の持出し";

  public static Map<String, Object> carryOut(String c, String i, String a) {
    Map<String, Object> values = new HashMap<>();
    values.put("mediaKind", "usb");
    values.put("assetNumber", "USB-0042");
    values.put("information", "説明会資料");
    values.put("confidentiality", c);
    values.put("integrity", i);
    values.put("availability", a);
    values.put("destination", "横浜市内の説明会会場");
    values.put("carryOutOn", LocalDate.now().toString());
    values.put("returnOn", LocalDate.now().plusDays(2).toString());
    values.put("purpose", "説明会での投影");
    values.put("transportMethod", "鞄に入れて手持ち");
    values.put("encrypted", true);
    return values;
  }

  static Map<String, Object> withArea(String area) {
    Map<String, Object> values = carryOut("1", "1", "1");
    values.put("destinationAreaId", area);
    return values;
  }

  ProcessInstance request(String applicant, Map<String, Object> values) {
    return start(applicant, "media-carry-out", values);
  }

  Map<String, Object> log(ProcessInstance media) {
    return jdbc.queryForMap("select * from apr_media_carry_out where process_instance_id = ?", media.getId());
  }

  /** A carry-out by the applicant whose return was reported as lost. */
  ProcessInstance lost(String applicant, String note) {
    ProcessInstance media = request(applicant, carryOut("1", "1", "1"));
    fire(media, "returnDue");
    complete(task(media, "confirmReturn"), applicant, Map.of("returnResult", "lost", "returnNote", note));
    return media;
  }
}
