package jp.go.jica.approval.byod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.notification.ApplicantMail;
import jp.go.jica.approval.organization.OrgChartService;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
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
 * {@code byod-permission.bpmn}: the CISO's switch, the device-manager and section-iso permissions,
 * safety measures, the internal network, the permit's end and the erasure confirmation.
 */
public class ByodPermissionProcessTest extends PlatformTest {

  static final Map<String, Object> APPROVE = Map.of("decision", "approve", "decisionComment", "");

  @LocalServerPort int port;
  @Autowired OrgChartService charts;

  @BeforeEach
  void initAssertions() {
    BpmnAwareTests.init(engine);
  }

  @Test
  @DisplayName("第94条: 端末利用の可否はCISOだけが変更でき、管理者と職員は Basic でもセッションでも拒まれ、何も変わらない")
  void onlyTheCisoChangesTheSwitchNeitherTheAdministratorNorAnEmployee() {
    // Given the switch is on and its history as it stands
    Http http = new Http(port);
    int changes = switchChanges().size();
    String body = "{\"allowed\":false,\"reason\":\"管理者による変更の試み\"}";

    // When the administrator and an employee try both paths, with HTTP Basic and with a Tasklist session
    for (String user : List.of("admin", "ga-staff")) {
      for (String path : List.of("/api/byod/allowed", "/api/admin/byod/allowed")) {
        Http.Reply basic = http.put(user, path, body);
        Http.Reply session = ((EngineClient.SessionClient) EngineClient.tasklist(port, user)).putRaw(path, body);

        // Then each is refused in Japanese
        for (Http.Reply reply : List.of(basic, session)) {
          assertThat(reply.status()).as("%s %s", user, path).isEqualTo(403);
          assertThat(reply.body()).as("%s %s", user, path).containsAnyOf("最高情報セキュリティ責任者だけ", "システム管理者だけ");
        }
      }
    }
    assertThat(http.put("admin", "/api/admin/byod/allowed", body).body()).contains("最高情報セキュリティ責任者だけ", "第94条");

    // And nothing changed
    assertThat(http.get("ga-staff", "/api/byod/allowed").json().get("allowed").asBoolean()).isTrue();
    assertThat(switchChanges()).hasSize(changes);
    assertThat(request("ga-staff", publicInformation())).isWaitingAt("deviceManagerReview");
  }

  @Test
  @DisplayName("第94条: CISOの停止は理由とともに記録され、新しい申請を拒み、審査中の申請を通知とともに終了し、端末管理責任者に有効な許可を知らせる")
  void theCisoSwitchingOffEndsUndecidedRequestsAndListsLivePermitsToTheDeviceManagers() {
    // Given a permit in force and an undecided request
    Http http = new Http(port);
    ProcessInstance live = permitted(request("ga-staff", publicInformation()));
    ProcessInstance undecided = request("ga-staff", publicInformation());
    String liveNumber = (String) runtime.getVariable(live.getId(), "permitNumber");
    int changes = switchChanges().size();
    assertThat(http.put("ciso", "/api/byod/allowed", "{\"allowed\":false}").status()).as("reason required").isEqualTo(400);
    assertThat(switchChanges()).hasSize(changes);

    // When the CISO switches personal devices off with a reason, signed in to Tasklist
    Http.Reply reply = ((EngineClient.SessionClient) EngineClient.tasklist(port, "ciso")).putRaw("/api/byod/allowed",
        "{\"allowed\":false,\"reason\":\"私物端末からの情報漏えいが続いたため\"}");
    try {
      // Then the decision is recorded with the CISO's name, reason and time
      assertThat(reply.status()).isEqualTo(200);
      Map<String, Object> change = switchChanges().get(0);
      assertThat(change).containsEntry("allowed", false).containsEntry("changed_by", "ciso")
          .containsEntry("changed_by_name", "最高 情報").containsEntry("reason", "私物端末からの情報漏えいが続いたため");
      assertThat(change.get("changed_at")).isNotNull();
      assertThat(((Number) change.get("ended_requests")).intValue()).isGreaterThanOrEqualTo(1);

      // And the undecided request ended by its message, the applicant told
      assertThat(undecided).hasPassedInOrder("intakeStopped", "recordIntakeStopped", "requestEndedByIntakeStop")
          .hasNotPassed("grantPermit").isEnded();
      assertThat(register(undecided)).containsEntry("status", "受付停止により終了");
      assertThat(mails(undecided)).contains("byod/intake-stopped:ga-staff");

      // And the permit in force stays, listed to the department's device-manager
      assertThat(live).isWaitingAt("permitInUse");
      assertThat(register(live)).containsEntry("status", "許可");
      assertThat(jdbc.queryForList("select body from apr_mail_outbox where template = 'byod/switched-off-permits' "
          + "and recipient_id = 'ga-device-manager' order by created_at desc", String.class).get(0))
          .contains(liveNumber, "最高 情報", "私物端末からの情報漏えいが続いたため");

      // And a new request is refused
      assertRefused(() -> request("ga-staff", publicInformation()), BadUserRequestException.class, "第94条");
    } finally {
      assertThat(http.put("ciso", "/api/byod/allowed", "{\"allowed\":true,\"reason\":\"対策が整ったため再開\"}")
          .status()).isEqualTo(200);
    }
    assertThat(request("ga-staff", publicInformation())).isWaitingAt("deviceManagerReview");
  }

  @Test
  @DisplayName("第20条第2項・第97条第4項: 退職者の有効な許可は端末管理責任者が消去を確認して終了し、審査中の申請は終了する")
  void aLeaversPermitIsClosedByTheDeviceManagerAndTheirUndecidedRequestEnds() throws Exception {
    // Given proc-staff holds a permit in force and has an undecided request
    ProcessInstance live = permitted(request("proc-staff", publicInformation()));
    ProcessInstance undecided = request("proc-staff", publicInformation());

    // When proc-staff leaves and the chart is reloaded
    try {
      leaves(charts, "proc-staff");

      // Then the permit waits for the device-manager's erasure check; nothing is left with proc-staff
      Task check = task(live, "confirmLeaverErasure");
      assertThat(check).isAssignedTo("proc-chief");
      assertThat(tasks.createTaskQuery().processInstanceIdIn(live.getId(), undecided.getId()).taskAssignee("proc-staff")
          .count()).isZero();
      assertThat(live).hasPassedInOrder("applicantLeft", "recordApplicantLeft", "leaverCaseInForce");
      assertThat(register(live)).containsEntry("status", "退職（消去確認待ち）");
      assertThat(mails(live)).contains("byod/applicant-left:proc-chief");
      assertThat(undecided).hasPassed("requestEndedByLeaving").hasNotPassed("grantPermit").isEnded();
      assertThat(register(undecided)).containsEntry("status", "退職により終了（審査中止）");

      // When the device-manager confirms the erasure
      assertRefused(() -> complete(check, "proc-chief", Map.of("leaverErasureConfirmed", true)),
          BadUserRequestException.class, "確認の方法");
      complete(check, "proc-chief", Map.of("leaverErasureConfirmed", true, "leaverClosingNote", "退職時に本人立会いで初期化"));

      // Then the register says it ended by leaving, and who confirmed it
      assertThat(live).hasPassedInOrder("confirmLeaverErasure", "recordLeaverCaseClosed", "closedByLeaving").isEnded();
      assertThat(register(live)).containsEntry("status", "退職により終了（消去確認済み）").containsEntry("erased", true)
          .containsEntry("closed_by", "proc-chief");
    } finally {
      restoreChart(charts);
    }
  }

  @Test
  @DisplayName("第20条第2項: 異動した職員は在職しているため、許可は本人のまま続く")
  void aMoverKeepsTheirPermit() throws Exception {
    // Given proc-staff holds a permit in force
    ProcessInstance live = permitted(request("proc-staff", publicInformation()));

    // When proc-staff moves to the Philippines office
    try {
      reorganise(charts, chart -> chart.replaceAll("(?m)^(  - \\{ id: proc-staff,.*section: )proc-contract", "$1ph-general"));

      // Then the permit is still theirs
      assertThat(live).isWaitingAt("permitInUse").hasNotPassed("applicantLeft");
      assertThat(register(live)).containsEntry("status", "許可");
    } finally {
      restoreChart(charts);
    }
  }

  @Test
  void withoutProtectedInformationTheDeviceManagerAloneDecides() {
    ProcessInstance byod = request("ga-staff", publicInformation());
    Task review = task(byod, "deviceManagerReview");
    assertThat(review).isAssignedTo("ga-device-manager");

    complete(review, "ga-device-manager", APPROVE);

    assertThat(byod).hasPassedInOrder("deviceManagerReview", "deviceDecided", "protectedHandled", "networkRequested",
        "grantPermit", "notifyApproved").isWaitingAt("acknowledgeProcedure");
    assertThat(register(byod)).containsEntry("status", "許可").containsEntry("device_manager_decided_by", "ga-device-manager");
  }

  @Test
  void withProtectedInformationTheSectionIsoMustAlsoApprove() {
    Map<String, Object> values = publicInformation();
    values.put("integrity", "2");
    ProcessInstance byod = request("ga-staff", values);
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", APPROVE);

    Task section = task(byod, "sectionIsoReview");
    assertThat(section).isAssignedTo("ga-chief");
    assertThat(register(byod)).containsEntry("status", "審査中");
    complete(section, "ga-chief", APPROVE);

    assertThat(byod).hasPassedInOrder("protectedHandled", "sectionIsoReview", "sectionDecided", "grantPermit")
        .isWaitingAt("acknowledgeProcedure");
    assertThat(register(byod)).containsEntry("section_iso_decided_by", "ga-chief");
  }

  @Test
  void withConfidentialInformationAMissingSafetyMeasureIsNamedAndBlocksThePermission() {
    Map<String, Object> values = confidential();
    values.put("mRemoteWipe", false);
    ProcessInstance byod = request("ga-staff", values);

    assertRefused(() -> complete(task(byod, "deviceManagerReview"), "ga-device-manager", APPROVE),
        BadUserRequestException.class, "「紛失時の遠隔消去」");
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", Map.of("decision", "reject",
        "decisionComment", "遠隔消去の設定がないため許可できません"));

    assertThat(byod).hasPassedInOrder("deviceDecided", "notifyRejected", "byodRejected").isEnded();
    assertThat(register(byod)).containsEntry("status", "却下");
  }

  @Test
  void anInternalNetworkConnectionNeedsItsOwnConfirmation() {
    Map<String, Object> values = confidential();
    values.put("internalNetwork", "yes");
    ProcessInstance byod = request("ga-staff", values);

    assertRefused(() -> complete(task(byod, "deviceManagerReview"), "ga-device-manager", APPROVE),
        BadUserRequestException.class, "第146条第3項");
    Map<String, Object> confirmed = new HashMap<>(APPROVE);
    confirmed.put("networkConnectionConfirmed", true);
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", confirmed);

    assertThat(byod).isWaitingAt("sectionIsoReview");
    assertThat(register(byod)).containsEntry("internal_network", true);
  }

  @Test
  @DisplayName("第145条第3項・第108条第4項: 内部ネットワークへの接続は端末管理責任者の確認ではなく、情報システムセキュリティ責任者の許可による")
  void anInternalNetworkConnectionIsPermittedByTheIssoNotByTheDeviceManagersCheckbox() {
    ProcessInstance byod = networkConnectionConfirmedByTheDeviceManager(confidential());
    complete(task(byod, "sectionIsoReview"), "ga-chief", APPROVE);

    Task isso = task(byod, "issoNetworkReview");
    assertThat(register(byod)).containsEntry("status", "審査中");
    Map<String, Object> routing = jdbc.queryForMap("select * from apr_routing_decision where task_id = ?", isso.getId());
    assertThat(routing).containsEntry("designated_role", "isso").containsEntry("article", "第145条第3項・第108条第4項");
    assertThat(isso.getAssignee()).isEqualTo(routing.get("assignee"));
    String issoPerson = isso.getAssignee();
    complete(isso, issoPerson, APPROVE);

    assertThat(byod).hasPassedInOrder("sectionDecided", "networkRequested", "issoNetworkReview", "issoDecided",
        "grantPermit", "notifyApproved").isWaitingAt("acknowledgeProcedure");
    assertThat(register(byod)).containsEntry("status", "許可").containsEntry("device_manager_decided_by", "ga-device-manager")
        .containsEntry("section_iso_decided_by", "ga-chief").containsEntry("isso_decided_by", issoPerson);
  }

  @Test
  @DisplayName("第145条第3項: 情報システムセキュリティ責任者が接続を却下すれば許可されない")
  void theIssoMayRefuseTheInternalNetworkConnection() {
    ProcessInstance byod = networkConnectionConfirmedByTheDeviceManager(publicInformation());
    Task isso = task(byod, "issoNetworkReview");

    complete(isso, isso.getAssignee(), Map.of("decision", "reject", "decisionComment", "接続の必要性がない"));

    assertThat(byod).hasPassedInOrder("networkRequested", "issoNetworkReview", "issoDecided", "notifyRejected",
        "byodRejected").hasNotPassed("grantPermit").isEnded();
    assertThat(register(byod)).containsEntry("status", "却下");
  }

  @Test
  @DisplayName("第97条第2項・第146条第1項: 許可されたら申請者が利用手順を確認してから利用期間に入る")
  void theEmployeeAcknowledgesTheUsageProcedureWhenPermitted() {
    ProcessInstance byod = request("ga-staff", publicInformation());
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", APPROVE);
    Task procedure = task(byod, "acknowledgeProcedure");
    assertThat(procedure).isAssignedTo("ga-staff");

    assertRefused(() -> complete(procedure, "ga-staff", Map.of("procedureAcknowledged", false)),
        BadUserRequestException.class, "利用手順");
    assertThat(register(byod).get("procedure_acknowledged_at")).isNull();
    complete(procedure, "ga-staff", Map.of("procedureAcknowledged", true));

    assertThat(byod).hasPassedInOrder("notifyApproved", "acknowledgeProcedure").isWaitingAt("permitInUse");
    assertThat(register(byod).get("procedure_acknowledged_at")).isNotNull();
  }

  @Test
  @DisplayName("第97条: 利用期間の終了後、消去の確認までの登録簿の状態は「期限切れ」であり「許可」ではない")
  void afterTheEndDateTheRegisterSaysExpired() {
    ProcessInstance byod = permitted(request("ga-staff", publicInformation()));
    fire(byod, "endReminderDue");
    assertThat(register(byod)).containsEntry("status", "許可");

    fire(byod, "permitExpired");

    assertThat(byod).isWaitingAt("confirmErasure");
    assertThat(register(byod)).containsEntry("status", "期限切れ");
  }

  @Test
  void atTheEndTheEmployeeConfirmsErasureAndTheDeviceManagerAcknowledges() {
    ProcessInstance byod = permitted(request("ga-staff", publicInformation()));

    fire(byod, "endReminderDue");
    assertThat(mails(byod)).contains("byod/end-reminder:ga-staff");
    fire(byod, "permitExpired");
    Task erasure = task(byod, "confirmErasure");
    assertThat(erasure).isAssignedTo("ga-staff");
    complete(erasure, "ga-staff", Map.of("informationErased", true, "erasureNote", "初期化した"));
    complete(task(byod, "acknowledgeErasure"), "ga-device-manager", Map.of("erasureAcknowledged", true));

    assertThat(byod).hasPassedInOrder("remindEnd", "permitExpired", "confirmErasure", "acknowledgeErasure",
        "recordErasure", "permitEnded").isEnded();
    assertThat(register(byod)).containsEntry("erased", true).containsEntry("status", "終了（消去確認済み）");
  }

  @Test
  void theEmployeeMayEndEarlyWhenThePurposeIsComplete() {
    ProcessInstance byod = permitted(request("ga-staff", publicInformation()));
    String number = (String) runtime.getVariable(byod.getId(), "permitNumber");
    Http http = new Http(port);

    assertThat(http.post("ga-chief", "/api/byod/permits/" + number + "/completion", "").status()).isEqualTo(403);
    assertThat(http.post("ga-staff", "/api/byod/permits/" + number + "/completion", "").status()).isEqualTo(200);

    assertThat(byod).hasPassedInOrder("purposeCompleted").isWaitingAt("confirmErasure");
  }

  @Test
  void anUnconfirmedErasureIsRemindedThenEscalatedToTheDeviceManager() {
    ProcessInstance byod = permitted(request("ga-staff", publicInformation()));
    fire(byod, "endReminderDue");
    fire(byod, "permitExpired");

    fire(byod, "erasureReminderDue");
    fire(byod, "erasureOverdue");

    assertThat(mails(byod)).contains("byod/erasure-reminder:ga-staff", "byod/erasure-overdue:ga-device-manager");
    assertThat(byod).isWaitingAt("confirmErasure");
  }

  @Test
  void theSectionIsoMayRejectSendBackOrDeclareAConflict() {
    Map<String, Object> values = publicInformation();
    values.put("integrity", "2");
    ProcessInstance rejected = request("ga-staff", values);
    ProcessInstance sentBack = request("ga-staff", values);
    ProcessInstance conflicted = request("ga-staff", values);
    for (ProcessInstance byod : List.of(rejected, sentBack, conflicted)) {
      complete(task(byod, "deviceManagerReview"), "ga-device-manager", APPROVE);
    }

    complete(task(rejected, "sectionIsoReview"), "ga-chief", Map.of("decision", "reject", "decisionComment", "不要"));
    complete(task(sentBack, "sectionIsoReview"), "ga-chief", Map.of("decision", "sendBack", "decisionComment", "情報を特定して"));
    complete(task(conflicted, "sectionIsoReview"), "ga-chief", Map.of("decision", "conflict", "decisionComment", "家族"));

    assertThat(rejected).hasPassedInOrder("sectionDecided", "notifyRejected", "byodRejected").isEnded();
    assertThat(sentBack).hasPassedInOrder("sectionDecided", "notifySentBack").isWaitingAt("reviseRequest");
    assertThat(task(conflicted, "sectionIsoReview")).isAssignedTo("ga-director");
  }

  @Test
  void aPurposeCompletedAfterTheEndReminderAlsoLeadsToErasure() {
    ProcessInstance byod = permitted(request("ga-staff", publicInformation()));
    fire(byod, "endReminderDue");

    runtime.createMessageCorrelation(ByodController.PURPOSE_COMPLETED).processInstanceId(byod.getId()).correlate();

    assertThat(byod).hasPassedInOrder("remindEnd", "permitEnding", "purposeCompletedLate").isWaitingAt("confirmErasure");
  }

  @Test
  void theSectionIsoApplyingIsEscalatedToTheDepartmentHead() {
    Map<String, Object> values = publicInformation();
    values.put("availability", "2");
    ProcessInstance byod = request("ga-chief", values);
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", APPROVE);

    assertThat(task(byod, "sectionIsoReview")).isAssignedTo("ga-director");
  }

  @Test
  void aSentBackRequestIsRevisedAndReviewedAgain() {
    ProcessInstance byod = request("ga-staff", publicInformation());
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", Map.of("decision", "sendBack",
        "decisionComment", "OSのバージョンを記入してください"));

    Map<String, Object> revised = publicInformation();
    revised.put("osVersion", "iOS 18.2");
    complete(task(byod, "reviseRequest"), "ga-staff", revised);

    assertThat(byod).hasPassedInOrder("notifySentBack", "reviseRequest").isWaitingAt("deviceManagerReview");
  }

  @Test
  void theDeviceManagerMayDeclareAConflict() {
    ProcessInstance byod = request("ga-staff", publicInformation());

    complete(task(byod, "deviceManagerReview"), "ga-device-manager", Map.of("decision", "conflict",
        "decisionComment", "申請者は家族"));

    assertThat(task(byod, "deviceManagerReview")).isAssignedTo("ga-chief");
  }

  @Test
  @DisplayName("第16条第2項: 端末管理責任者本人の端末では、消去の報告の確認も期限超過の通知も本人ではなく上司へ")
  void aDeviceManagersOwnErasureIsAcknowledgedAndEscalatedAboveThem() {
    ProcessInstance byod = request("ga-device-manager", publicInformation());
    assertThat(task(byod, "deviceManagerReview")).isAssignedTo("ga-chief");
    complete(task(byod, "deviceManagerReview"), "ga-chief", APPROVE);
    complete(task(byod, "acknowledgeProcedure"), "ga-device-manager", Map.of("procedureAcknowledged", true));
    fire(byod, "endReminderDue");
    fire(byod, "permitExpired");
    Task erasure = task(byod, "confirmErasure");
    assertThat(erasure).isAssignedTo("ga-device-manager");

    fire(byod, "erasureReminderDue");
    fire(byod, "erasureOverdue");
    assertThat(mails(byod)).contains("byod/erasure-reminder:ga-device-manager", "byod/erasure-overdue:ga-chief")
        .doesNotContain("byod/erasure-overdue:ga-device-manager");
    complete(erasure, "ga-device-manager", Map.of("informationErased", true, "erasureNote", "初期化した"));

    Task acknowledgement = task(byod, "acknowledgeErasure");
    assertThat(acknowledgement).isAssignedTo("ga-chief");
    Map<String, Object> routing = jdbc.queryForMap("select * from apr_routing_decision where task_id = ?",
        acknowledgement.getId());
    assertThat(routing).containsEntry("designated_person", "ga-device-manager").containsEntry("assignee", "ga-chief")
        .containsEntry("reason_code", "APPLICANT").containsEntry("article", "第16条第2項").containsEntry("step_kind", "duty");
    assertThat((String) routing.get("reason")).contains("端末 管理（申請者本人）", "総務 課長 へ回付");
    assertThat(engine.getAuthorizationService().createAuthorizationQuery().userIdIn("ga-device-manager")
        .resourceId(acknowledgement.getId()).count()).as("the device-manager keeps no right on it").isZero();
    assertRefused(() -> complete(acknowledgement, "ga-device-manager", Map.of("erasureAcknowledged", true)),
        AuthorizationException.class, "ga-device-manager");
    // Even a wrongly granted right does not let them acknowledge their own erasure: the engine checks the person.
    Authorization grant = engine.getAuthorizationService().createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    grant.setUserId("ga-device-manager");
    grant.setResource(Resources.TASK);
    grant.setResourceId(acknowledgement.getId());
    grant.addPermission(Permissions.ALL);
    engine.getAuthorizationService().saveAuthorization(grant);
    assertRefused(() -> complete(acknowledgement, "ga-device-manager", Map.of("erasureAcknowledged", true)),
        AuthorizationException.class, "第16条第1項");
    assertThat(register(byod)).containsEntry("erased", false);

    complete(acknowledgement, "ga-chief", Map.of("erasureAcknowledged", true));

    assertThat(byod).hasPassedInOrder("confirmErasure", "acknowledgeErasure", "recordErasure", "permitEnded").isEnded();
    assertThat(register(byod)).containsEntry("erased", true).containsEntry("status", "終了（消去確認済み）");
  }

  @Test
  void everyFormIsDeployedAndFoundForItsTask() throws Exception {
    Map<String, Object> values = publicInformation();
    values.put("integrity", "2");
    ProcessInstance byod = request("ga-staff", values);
    assertDeployedForm(task(byod, "deviceManagerReview"), "byod-device-manager");
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", APPROVE);
    assertDeployedForm(task(byod, "sectionIsoReview"), "byod-section-iso");
    complete(task(byod, "sectionIsoReview"), "ga-chief", APPROVE);
    assertDeployedForm(task(byod, "acknowledgeProcedure"), "byod-procedure");
    complete(task(byod, "acknowledgeProcedure"), "ga-staff", Map.of("procedureAcknowledged", true));
    fire(byod, "endReminderDue");
    fire(byod, "permitExpired");
    assertDeployedForm(task(byod, "confirmErasure"), "byod-erasure");
    complete(task(byod, "confirmErasure"), "ga-staff", Map.of("informationErased", true, "erasureNote", "x"));
    assertDeployedForm(task(byod, "acknowledgeErasure"), "byod-acknowledge");
    ProcessInstance connected = networkConnectionConfirmedByTheDeviceManager(publicInformation());
    assertDeployedForm(task(connected, "issoNetworkReview"), "byod-isso");
    ProcessInstance other = request("ga-staff", publicInformation());
    complete(task(other, "deviceManagerReview"), "ga-device-manager", Map.of("decision", "sendBack", "decisionComment", "x"));
    assertDeployedForm(task(other, "reviseRequest"), "byod-revise");
  }

  /** A request for a device that will hold only public information (level 1 everywhere). */
  @Test
  @DisplayName("申請者は許可（条件付き）・却下・差戻し・許可期間の終了を記録番号・要約・申請の詳細へのリンク付きで知る（第95条）")
  void theApplicantIsMailedEveryOutcomeOfThePermitArt95() {
    // Given three requests
    ProcessInstance approved = request("ga-staff", publicInformation());
    ProcessInstance rejected = request("ga-staff", publicInformation());
    ProcessInstance sentBack = request("ga-staff", publicInformation());

    // When the device manager decides each
    complete(task(approved, "deviceManagerReview"), "ga-device-manager",
        Map.of("decision", "approve", "decisionComment", "画面ロックは5分以内に設定すること"));
    complete(task(rejected, "deviceManagerReview"), "ga-device-manager", Map.of("decision", "reject", "decisionComment", "機構支給端末で足りる"));
    complete(task(sentBack, "deviceManagerReview"), "ga-device-manager", Map.of("decision", "sendBack", "decisionComment", "OSを特定して"));

    // Then the applicant hears of each, with the condition and the revise task
    assertThat(ApplicantMail.of(engine, jdbc, approved, "request-approved", "ga-staff", SUMMARY).body())
        .contains("端末の利用を許可する（端末管理責任者）: 画面ロックは5分以内に設定すること");
    assertThat(ApplicantMail.of(engine, jdbc, rejected, "request-rejected", "ga-staff", SUMMARY).body()).contains("機構支給端末で足りる");
    assertThat(ApplicantMail.of(engine, jdbc, sentBack, "request-sent-back", "ga-staff", SUMMARY).body())
        .contains("#/?task=" + task(sentBack, "reviseRequest").getId());
    // and, at the end of the permit, that it ended and the erasure is due
    complete(task(approved, "acknowledgeProcedure"), "ga-staff", Map.of("procedureAcknowledged", true));
    fire(approved, "endReminderDue");
    fire(approved, "permitExpired");
    assertThat(ApplicantMail.of(engine, jdbc, approved, "byod/expired", "ga-staff", SUMMARY).body()).contains("許可期間が終了");
    assertThat(approved).hasPassedInOrder("permitExpired", "notifyExpired").isWaitingAt("confirmErasure");
  }

  @Test
  void theReviewAndTheApplicantsOwnTasksSayWhichPermitTheyAreAbout() {
    ProcessInstance byod = request("ga-staff", publicInformation());

    ApplicantMail.assertDescribed(engine, new Http(port), task(byod, "deviceManagerReview"), "総務 花子", SUMMARY, "ga-device-manager");
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", APPROVE);
    ApplicantMail.assertDescribed(engine, new Http(port), task(byod, "acknowledgeProcedure"), "総務 花子", SUMMARY, "ga-staff");
  }

  /** What publicInformation() is, in one line. */
  static final String SUMMARY = "スマートフォンの利用：出張中のメール確認";

  public static Map<String, Object> publicInformation() {
    Map<String, Object> values = new HashMap<>();
    values.put("deviceKind", "smartphone");
    values.put("osVersion", "iOS 18");
    values.put("deviceOwner", "本人");
    values.put("purpose", "出張中のメール確認");
    values.put("information", "公開済みの広報資料");
    values.put("confidentiality", "1");
    values.put("integrity", "1");
    values.put("availability", "1");
    values.put("internalNetwork", "no");
    values.put("periodFrom", LocalDate.now().plusDays(1).toString());
    values.put("periodTo", LocalDate.now().plusDays(60).toString());
    return values;
  }

  static Map<String, Object> confidential() {
    Map<String, Object> values = publicInformation();
    values.put("confidentiality", "2");
    values.put("information", "会議資料（機密性2）");
    for (String measure : ByodChecks.MEASURES.keySet()) {
      values.put(measure, true);
    }
    return values;
  }

  ProcessInstance request(String applicant, Map<String, Object> values) {
    return start(applicant, "byod-permission", values);
  }

  ProcessInstance permitted(ProcessInstance byod) {
    Task review = task(byod, "deviceManagerReview");
    complete(review, review.getAssignee(), APPROVE);
    complete(task(byod, "acknowledgeProcedure"), (String) runtime.getVariable(byod.getId(), "applicant"),
        Map.of("procedureAcknowledged", true));
    return byod;
  }

  /** A request by ga-staff to connect to the internal network, approved by the device-manager. */
  ProcessInstance networkConnectionConfirmedByTheDeviceManager(Map<String, Object> values) {
    values.put("internalNetwork", "yes");
    ProcessInstance byod = request("ga-staff", values);
    Map<String, Object> confirmed = new HashMap<>(APPROVE);
    confirmed.put("networkConnectionConfirmed", true);
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", confirmed);
    return byod;
  }

  List<Map<String, Object>> switchChanges() {
    return jdbc.queryForList("select * from apr_byod_switch_change order by id desc");
  }

  /** The person leaves: the demo chart without them comes into force (Art. 20-2). Undo with {@link #restoreChart}. */
  public static void leaves(OrgChartService charts, String personId) throws IOException {
    reorganise(charts, chart -> chart.replaceAll("(?m)^  - \\{ id: " + personId + ",.*\\R", ""));
  }

  /** The demo chart, changed by {@code change}, comes into force. */
  public static void reorganise(OrgChartService charts, UnaryOperator<String> change) throws IOException {
    String chart = change.apply(demoChart());
    assertThat(chart).isNotEqualTo(demoChart());
    Files.writeString(ORG_CHART, chart, StandardCharsets.UTF_8);
    charts.reload("hr-admin");
  }

  public static void restoreChart(OrgChartService charts) throws IOException {
    Files.writeString(ORG_CHART, demoChart(), StandardCharsets.UTF_8);
    charts.reload("test-cleanup");
  }

  Map<String, Object> register(ProcessInstance byod) {
    return jdbc.queryForMap("select * from apr_byod_permit where process_instance_id = ?", byod.getId());
  }

}
