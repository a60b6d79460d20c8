package jp.go.jica.approval.byod;

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

  @BeforeEach
  void initAssertions() {
    BpmnAwareTests.init(engine);
  }

  @Test
  void whileTheCisoHasNotAllowedPersonalDevicesNoRequestCanStart() {
    Http http = new Http(port);
    assertThat(http.put("ga-staff", "/api/admin/byod/allowed", "{\"allowed\":false}").status()).isEqualTo(403);
    assertThat(http.put("admin", "/api/admin/byod/allowed", "{\"allowed\":false}").status()).isEqualTo(200);
    try {
      assertRefused(() -> request("ga-staff", publicInformation()), BadUserRequestException.class, "第94条");
      assertThat(http.get("ga-staff", "/api/byod/allowed").json().get("allowed").asBoolean()).isFalse();
    } finally {
      assertThat(http.put("admin", "/api/admin/byod/allowed", "{\"allowed\":true}").status()).isEqualTo(200);
    }
    assertThat(request("ga-staff", publicInformation())).isWaitingAt("deviceManagerReview");
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
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", APPROVE);
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

  Map<String, Object> register(ProcessInstance byod) {
    return jdbc.queryForMap("select * from apr_byod_permit where process_instance_id = ?", byod.getId());
  }

}
