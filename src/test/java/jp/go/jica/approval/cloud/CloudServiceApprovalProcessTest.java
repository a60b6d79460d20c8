package jp.go.jica.approval.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.organization.Role;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code cloud-service-approval.bpmn} on the real engine with the real routing DMN: both tracks,
 * every outcome, the registry, and the cloud-manager's duties up to the end of use.
 */
class CloudServiceApprovalProcessTest extends PlatformTest {

  static final Map<String, Object> REQUIREMENTS_SET = Map.of("reqMeasures", true, "reqDataLocation", true,
      "reqDisposal", true, "reqServiceLevel", true, "requirementsNote", "多要素認証、国内保存、解約時の消去証明",
      "decision", "approve", "decisionComment", "");
  static final Map<String, Object> PROCEDURES_READY = Map.of("procSecurityLevel", true,
      "procIncidentResponse", true, "procRecovery", true);

  static final java.util.concurrent.atomic.AtomicInteger SERVICES = new java.util.concurrent.atomic.AtomicInteger();


  @BeforeEach
  void initAssertions() {
    BpmnAwareTests.init(engine);
  }

  @Test
  void aConfidentialIsmapServiceIsApprovedRegisteredAndGoesLiveOnlyAfterTheThreeProcedures() {
    ProcessInstance application = apply("ga-staff", confidential());
    Task requirements = task(application, "setSecurityRequirements");
    assertThat(requirements).isAssignedTo("ga-director");
    assertThat(routing(application, "setSecurityRequirements")).containsEntry("designated_role", "isso");

    Map<String, Object> incomplete = new HashMap<>(REQUIREMENTS_SET);
    incomplete.put("reqDisposal", false);
    assertRefused(() -> complete(requirements, "ga-director", incomplete), BadUserRequestException.class,
        "「利用終了時のデータの廃棄方法」");
    complete(requirements, "ga-director", REQUIREMENTS_SET);

    Task review = task(application, "reviewCloudUse");
    assertThat(review).isAssignedTo("it-director");
    assertThat(routing(application, "reviewCloudUse")).containsEntry("designated_role", "cloud-authorizer")
        .containsEntry("article", "第64条第2項");
    assertThat(Role.CLOUD_AUTHORIZER.japaneseName()).isEqualTo("利用申請の許可権限者");
    assertRefused(() -> complete(review, "it-director", Map.of("decision", "approve", "decisionComment", "")),
        BadUserRequestException.class, "クラウドサービス管理者");
    complete(review, "it-director", Map.of("decision", "approve", "decisionComment", "", "cloudManager", "ga-chief"));

    assertThat(registry(application)).containsEntry("status", "承認").containsEntry("cloud_manager_id", "ga-chief")
        .containsEntry("authorizer_id", "it-director").containsEntry("ismap_number", "C23-0001-1");
    Task ledger = task(application, "registerInSystemLedger");
    assertThat(ledger).isAssignedTo("ga-chief");
    complete(ledger, "ga-chief", Map.of("systemLedgerId", "SYS-2026-041"));
    assertThat(mails(application)).contains("cloud/registration-report:it-director");

    Task goLive = task(application, "confirmGoLiveProcedures");
    Map<String, Object> missingRecovery = new HashMap<>(PROCEDURES_READY);
    missingRecovery.put("procRecovery", false);
    assertRefused(() -> complete(goLive, "ga-chief", missingRecovery), BadUserRequestException.class,
        "「サービス停止時の復旧の手順を整備した（第67条第3項）」");
    assertThat(registry(application).get("go_live_at")).as("no go-live before the procedures").isNull();
    complete(goLive, "ga-chief", PROCEDURES_READY);

    assertThat(application).hasPassedInOrder("registerApplication", "trackChosen", "setSecurityRequirements",
        "recordRequirementsDecision", "requirementsDecided", "reviewCloudUse", "recordReviewDecision", "reviewDecided",
        "notifyApproved", "registerInSystemLedger", "reportRegistration", "confirmGoLiveProcedures", "recordGoLive")
        .isWaitingAt("inUse");
    assertThat(registry(application)).containsEntry("status", "運用中").containsEntry("system_ledger_id", "SYS-2026-041");
  }

  @Test
  void theYearlyReviewRecordsChangesAndReportsThemToTheChiefIso() {
    ProcessInstance application = inUse(apply("ga-staff", confidential()));

    fire(application, "annualReviewDue");
    Task review = task(application, "reviewMeasures");
    assertThat(review).isAssignedTo("ga-chief");
    complete(review, "ga-chief", Map.of("measuresHold", "no", "reviewChanges", "提供者がデータセンターを移転"));

    assertThat(application).hasPassedInOrder("annualReviewDue", "reviewMeasures", "recordReview")
        .isWaitingAt("inUse");
    assertThat((String) registry(application).get("last_review_note")).contains("見直しが必要", "データセンターを移転");
    assertThat(mails(application)).contains("cloud/review-report:it-director");
  }

  @Test
  void theCloudManagerEndsTheUseAfterConfirmingDisposalOfInformationAndAccounts() {
    ProcessInstance application = inUse(apply("ga-staff", confidential()));

    runtime.createMessageCorrelation(CloudServiceController.TERMINATION_MESSAGE)
        .processInstanceId(application.getId()).correlate();
    Task disposal = task(application, "confirmDisposal");
    assertThat(disposal).isAssignedTo("ga-chief");
    assertRefused(() -> complete(disposal, "ga-chief", Map.of("dataDisposed", true, "accountsDeleted", false,
        "disposalRecord", "x")), BadUserRequestException.class, "「作成したアカウントを削除した（第65条第3項・第69条）」");
    complete(disposal, "ga-chief", Map.of("dataDisposed", true, "accountsDeleted", true,
        "disposalRecord", "2026-11-25 提供者の消去証明を受領、アカウント5件を削除"));

    assertThat(application).hasPassedInOrder("terminationRequested", "confirmDisposal", "recordTermination",
        "serviceEnded").isEnded();
    assertThat(registry(application)).containsEntry("status", "利用終了");
  }

  @Test
  void atTheApprovedEndDateTheDisposalIsDueWithoutAnyRequest() {
    ProcessInstance application = inUse(apply("ga-staff", confidential()));
    Job end = management.createJobQuery().processInstanceId(application.getId()).activityId("approvedEndReached")
        .singleResult();
    assertThat(end.getDuedate().toInstant()).isEqualTo(LocalDate.now().plusDays(366)
        .atStartOfDay(java.time.ZoneId.systemDefault()).toInstant());

    management.executeJob(end.getId());

    assertThat(application).hasPassedInOrder("approvedEndReached").isWaitingAt("confirmDisposal");
  }

  @Test
  void aServiceOutsideTheIsmapListNeedsAReasonAndIsRecordedAsSuch() {
    Map<String, Object> values = confidential();
    values.put("ismapRegistered", "no");
    values.remove("ismapNumber");
    values.put("nonIsmapReason", "ISMAP登録サービスに必要な機能（多言語の字幕）がない");

    ProcessInstance application = inUse(apply("ga-staff", values));

    assertThat(registry(application)).containsEntry("ismap_registered", false)
        .containsEntry("non_ismap_reason", "ISMAP登録サービスに必要な機能（多言語の字幕）がない");
  }

  @Test
  void storageOutsideJapanIsReviewedByTheChiefIso() {
    Map<String, Object> values = confidential();
    values.put("dataLocationType", "overseas");
    values.put("dataLocations", "日本、シンガポール");
    ProcessInstance application = apply("ga-staff", values);
    complete(task(application, "setSecurityRequirements"), "ga-director", REQUIREMENTS_SET);

    assertThat(routing(application, "reviewCloudUse")).containsEntry("designated_role", "chief-iso")
        .containsEntry("article", "第64条第2項");
    assertThat(registry(application)).containsEntry("data_outside_japan", true);
  }

  @Test
  void withoutConfidentialInformationTheIsoConfirmsTheTermsAndTheAuthorizerDecides() {
    ProcessInstance application = apply("ga-staff", nonConfidential());

    Task risk = task(application, "confirmTermsRisk");
    assertThat(risk).isAssignedTo("ga-director");
    assertThat(routing(application, "confirmTermsRisk")).containsEntry("designated_role", "iso")
        .containsEntry("article", "第71条第1項");
    complete(risk, "ga-director", Map.of("decision", "approve", "decisionComment", ""));
    complete(task(application, "reviewCloudUse"), "it-director", Map.of("decision", "approve", "decisionComment", "",
        "cloudManager", "ga-staff"));

    assertThat(application).hasPassedInOrder("trackChosen", "confirmTermsRisk", "riskDecided", "reviewCloudUse",
        "notifyApproved").isWaitingAt("registerInSystemLedger");
    assertThat(registry(application)).containsEntry("confidential", false).containsEntry("cloud_manager_id", "ga-staff");
  }

  @Test
  void aRejectedApplicationIsRecordedAsRejected() {
    ProcessInstance application = apply("ga-staff", confidential());
    complete(task(application, "setSecurityRequirements"), "ga-director", REQUIREMENTS_SET);

    complete(task(application, "reviewCloudUse"), "it-director", Map.of("decision", "reject",
        "decisionComment", "保存場所の証明が不十分"));

    assertThat(application).hasPassedInOrder("reviewDecided", "notifyRejected", "applicationRejected").isEnded();
    assertThat(registry(application)).containsEntry("status", "却下");
  }

  @Test
  void aRejectionAtTheFirstStepEndsTheApplicationOnEitherTrack() {
    ProcessInstance confidential = apply("ga-staff", confidential());
    ProcessInstance plain = apply("ga-staff", nonConfidential());

    complete(task(confidential, "setSecurityRequirements"), "ga-director", Map.of("decision", "reject",
        "decisionComment", "要件を満たせない"));
    complete(task(plain, "confirmTermsRisk"), "ga-director", Map.of("decision", "reject", "decisionComment", "約款に問題"));

    assertThat(confidential).hasPassedInOrder("requirementsDecided", "notifyRejected", "applicationRejected").isEnded();
    assertThat(plain).hasPassedInOrder("riskDecided", "notifyRejected", "applicationRejected").isEnded();
    assertThat(registry(plain)).containsEntry("status", "却下");
  }

  @Test
  void declaredConflictsAtTheTermsCheckAndTheReviewGoToTheSuperior() {
    ProcessInstance plain = apply("ga-staff", nonConfidential());
    complete(task(plain, "confirmTermsRisk"), "ga-director", Map.of("decision", "conflict", "decisionComment", "提供者の株主"));
    assertThat(task(plain, "confirmTermsRisk")).isAssignedTo("exec-admin");
    complete(task(plain, "confirmTermsRisk"), "exec-admin", Map.of("decision", "approve", "decisionComment", ""));

    complete(task(plain, "reviewCloudUse"), "it-director", Map.of("decision", "conflict", "decisionComment", "提供者の役員と親族"));

    assertThat(task(plain, "reviewCloudUse")).isAssignedTo("ciso");
    assertThat(plain).hasPassedInOrder("riskDecided", "reviewCloudUse", "reviewDecided").isWaitingAt("reviewCloudUse");
  }

  @Test
  void aSentBackApplicationIsRevisedAndStartsItsTrackAgain() {
    ProcessInstance application = apply("ga-staff", confidential());
    complete(task(application, "setSecurityRequirements"), "ga-director", Map.of("decision", "sendBack",
        "decisionComment", "サービスレベルを具体的に"));
    Task revise = task(application, "reviseApplication");
    assertThat(revise).isAssignedTo("ga-staff");

    Map<String, Object> revised = confidential();
    revised.put("serviceLevel", "稼働率99.95%、障害時4時間以内に連絡");
    complete(revise, "ga-staff", revised);

    assertThat(application).hasPassedInOrder("notifySentBack", "reviseApplication", "recordRevision", "trackChosen")
        .isWaitingAt("setSecurityRequirements");
    assertThat(registry(application)).containsEntry("service_level", "稼働率99.95%、障害時4時間以内に連絡");
  }

  @Test
  void aReviewerRecordedAsAPartyOfTheProviderIsEscalatedToTheSuperior() {
    Map<String, Object> values = confidential();
    values.put("parties", "it-director");
    ProcessInstance application = apply("ga-staff", values);
    complete(task(application, "setSecurityRequirements"), "ga-director", REQUIREMENTS_SET);

    assertThat(task(application, "reviewCloudUse")).isAssignedTo("ciso");
    assertThat(routing(application, "reviewCloudUse")).containsEntry("reason_code", "RECORDED_PARTY");
  }

  @Test
  void aDeclaredConflictMovesTheRequirementsToTheSuperior() {
    ProcessInstance application = apply("ga-staff", confidential());

    complete(task(application, "setSecurityRequirements"), "ga-director", Map.of("decision", "conflict",
        "decisionComment", "提供者は親族の会社"));

    assertThat(task(application, "setSecurityRequirements")).isAssignedTo("exec-admin");
  }

  @Test
  void missingOrContradictoryFieldsAreRefusedByName() {
    Map<String, Object> noLocation = confidential();
    noLocation.remove("dataLocations");
    assertRefused(() -> apply("ga-staff", noLocation), BadUserRequestException.class, "「データを保存する国・地域」");
    Map<String, Object> contradictory = confidential();
    contradictory.put("confidentiality", "1");
    assertRefused(() -> apply("ga-staff", contradictory), BadUserRequestException.class, "「機密性」は2以上");
    Map<String, Object> noNumber = confidential();
    noNumber.remove("ismapNumber");
    assertRefused(() -> apply("ga-staff", noNumber), BadUserRequestException.class, "「ISMAP登録番号」");
    Map<String, Object> noReason = confidential();
    noReason.put("ismapRegistered", "no");
    assertRefused(() -> apply("ga-staff", noReason), BadUserRequestException.class, "第62条第3項");
    Map<String, Object> termsUnread = confidential();
    termsUnread.put("termsReviewed", false);
    assertRefused(() -> apply("ga-staff", termsUnread), BadUserRequestException.class, "定型約款");
  }

  @Test
  void aServiceAlreadyApprovedForTheSameUseIsPointedOutInsteadOfAppliedForAgain() {
    Map<String, Object> values = confidential();
    values.put("serviceName", "重複確認サービス");
    inUse(apply("ga-staff", values));

    assertRefused(() -> apply("ga-chief", values), BadUserRequestException.class, "既に承認されています");
  }

  @Test
  void everyFormOfTheProcessIsDeployedAndFoundForItsTask() throws Exception {
    ProcessInstance application = apply("ga-staff", confidential());
    assertDeployedForm(task(application, "setSecurityRequirements"), "cloud-service-requirements");
    complete(task(application, "setSecurityRequirements"), "ga-director", REQUIREMENTS_SET);
    assertDeployedForm(task(application, "reviewCloudUse"), "cloud-service-review");
    complete(task(application, "reviewCloudUse"), "it-director", Map.of("decision", "approve", "decisionComment", "",
        "cloudManager", "ga-chief"));
    assertDeployedForm(task(application, "registerInSystemLedger"), "cloud-service-system-ledger");
    complete(task(application, "registerInSystemLedger"), "ga-chief", Map.of("systemLedgerId", "SYS-1"));
    assertDeployedForm(task(application, "confirmGoLiveProcedures"), "cloud-service-go-live");
    complete(task(application, "confirmGoLiveProcedures"), "ga-chief", PROCEDURES_READY);
    fire(application, "annualReviewDue");
    assertDeployedForm(task(application, "reviewMeasures"), "cloud-service-annual-review");
    complete(task(application, "reviewMeasures"), "ga-chief", Map.of("measuresHold", "yes"));
    fire(application, "approvedEndReached");
    assertDeployedForm(task(application, "confirmDisposal"), "cloud-service-disposal");

    ProcessInstance other = apply("ga-staff", nonConfidential());
    assertDeployedForm(task(other, "confirmTermsRisk"), "cloud-service-terms-risk");
    complete(task(other, "confirmTermsRisk"), "ga-director", Map.of("decision", "sendBack", "decisionComment", "x"));
    assertDeployedForm(task(other, "reviseApplication"), "cloud-service-revise");
    String definition = engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey("cloud-service-approval").latestVersion().singleResult().getId();
    assertThat(read(engine.getFormService().getDeployedStartForm(definition))).contains("cloud-service-start");
  }

  @Test
  @DisplayName("第16条第2項: it-staff の申請でセキュリティ要件を定めた情報システム部長（isso）は、許可権限者として同じ申請を審査しない")
  void theIssoWhoSetTheRequirementsOfItStaffsApplicationDoesNotAlsoApproveIt() {
    ProcessInstance application = apply("it-staff", confidential());
    Task requirements = task(application, "setSecurityRequirements");
    assertThat(requirements).isAssignedTo("it-director");
    complete(requirements, "it-director", REQUIREMENTS_SET);

    Task review = task(application, "reviewCloudUse");
    assertThat(review).isAssignedTo("ciso");
    assertThat(routing(application, "reviewCloudUse")).containsEntry("designated_role", "cloud-authorizer")
        .containsEntry("designated_person", "it-director").containsEntry("reason_code", "APPLICANT_SIDE")
        .containsEntry("article", "第16条第2項");
    assertThat((String) routing(application, "reviewCloudUse").get("reason"))
        .contains("第16条第2項", "情報 部長（申請側の手順（セキュリティ要件を定める）を担当）", "最高 情報 へ回付");
    assertRefused(() -> complete(review, "it-director", Map.of("decision", "approve", "decisionComment", "",
        "cloudManager", "it-chief")), AuthorizationException.class, "it-director");
    assertThat(task(application, "reviewCloudUse")).as("still open").isNotNull();

    complete(review, "ciso", Map.of("decision", "approve", "decisionComment", "", "cloudManager", "it-chief"));

    assertThat(application).hasPassedInOrder("setSecurityRequirements", "requirementsDecided", "reviewCloudUse",
        "reviewDecided", "notifyApproved").isWaitingAt("registerInSystemLedger");
    assertThat(registry(application)).containsEntry("authorizer_id", "ciso").containsEntry("cloud_manager_id", "it-chief");
  }

  @ParameterizedTest(name = "{0} が申請 → 審査は {1}（{2}）")
  @CsvSource({"ga-director, it-director, DESIGNATED", "it-director, ciso, APPLICANT_IS_AUTHORIZER"})
  @DisplayName("第16条: isso 本人の申請では要件の策定は申請側の手順として本人が行い、審査は本人でない許可権限者が行う")
  void anIssoApplyingSetsTheRequirementsAndSomeoneElseReviews(String isso, String reviewer, String reason) {
    ProcessInstance application = apply(isso, confidential());

    Task requirements = task(application, "setSecurityRequirements");
    assertThat(requirements).isAssignedTo(isso);
    assertThat(routing(application, "setSecurityRequirements")).containsEntry("reason_code", "DESIGNATED");
    complete(requirements, isso, REQUIREMENTS_SET);

    assertThat(task(application, "reviewCloudUse")).isAssignedTo(reviewer);
    assertThat(routing(application, "reviewCloudUse")).containsEntry("reason_code", reason);
    assertThat(application).hasPassedInOrder("setSecurityRequirements", "requirementsDecided").isWaitingAt("reviewCloudUse");
  }

  @Test
  @DisplayName("第16条第2項: 申請者がクラウドサービス管理者のとき、情報とアカウントの廃棄の確認は本人ではなく上司が行う")
  void whenTheApplicantIsTheCloudManagerTheirSuperiorConfirmsTheDisposal() {
    ProcessInstance application = apply("ga-staff", confidential());
    complete(task(application, "setSecurityRequirements"), "ga-director", REQUIREMENTS_SET);
    complete(task(application, "reviewCloudUse"), "it-director", Map.of("decision", "approve", "decisionComment", "",
        "cloudManager", "ga-staff"));
    // The cloud-manager's own duties stay with the cloud-manager, whoever applied.
    assertThat(task(application, "registerInSystemLedger")).isAssignedTo("ga-staff");
    complete(task(application, "registerInSystemLedger"), "ga-staff", Map.of("systemLedgerId", "SYS-16"));
    complete(task(application, "confirmGoLiveProcedures"), "ga-staff", PROCEDURES_READY);

    runtime.createMessageCorrelation(CloudServiceController.TERMINATION_MESSAGE)
        .processInstanceId(application.getId()).correlate();

    Task disposal = task(application, "confirmDisposal");
    assertThat(disposal).isAssignedTo("ga-chief");
    assertThat(routing(application, "confirmDisposal")).containsEntry("designated_person", "ga-staff")
        .containsEntry("reason_code", "APPLICANT").containsEntry("step_kind", "duty");
    assertThat((String) routing(application, "confirmDisposal").get("reason"))
        .contains("第16条第2項", "総務 花子（申請者本人）", "総務 課長 へ回付");
    Map<String, Object> disposed = Map.of("dataDisposed", true, "accountsDeleted", true, "disposalRecord", "消去証明を受領");
    assertRefused(() -> complete(disposal, "ga-staff", disposed), AuthorizationException.class, "ga-staff");
    complete(disposal, "ga-chief", disposed);

    assertThat(application).hasPassedInOrder("confirmGoLiveProcedures", "recordGoLive", "terminationRequested",
        "confirmDisposal", "recordTermination", "serviceEnded").isEnded();
    assertThat(registry(application)).containsEntry("status", "利用終了");
  }

  // --- helpers -------------------------------------------------------------------------------

  static Map<String, Object> confidential() {
    Map<String, Object> values = new HashMap<>();
    // Each test applies for its own service: an approved one would be pointed out, not applied for twice.
    values.put("serviceName", "会議資料共有クラウド" + SERVICES.incrementAndGet());
    values.put("provider", "Example株式会社");
    values.put("serviceUrl", "https://share.example.jp");
    values.put("purpose", "海外事務所との会議資料の共有");
    values.put("usersDescription", "総務課 5名");
    values.put("handlesConfidential", "yes");
    values.put("confidentiality", "2");
    values.put("integrity", "1");
    values.put("availability", "1");
    values.put("dataLocationType", "domestic");
    values.put("dataLocations", "日本（東京・大阪）");
    values.put("disposalMethod", "解約時に提供者が消去し、消去証明を発行する");
    values.put("serviceLevel", "稼働率99.9%");
    values.put("ismapRegistered", "yes");
    values.put("ismapNumber", "C23-0001-1");
    values.put("termsReviewed", true);
    values.put("periodFrom", LocalDate.now().plusDays(1).toString());
    values.put("periodTo", LocalDate.now().plusDays(365).toString());
    return values;
  }

  static Map<String, Object> nonConfidential() {
    Map<String, Object> values = confidential();
    values.put("serviceName", "公開資料の翻訳サービス" + SERVICES.incrementAndGet());
    values.put("handlesConfidential", "no");
    values.put("confidentiality", "1");
    return values;
  }

  ProcessInstance apply(String applicant, Map<String, Object> values) {
    return start(applicant, "cloud-service-approval", values);
  }

  /** Approves with ga-chief as cloud-manager and brings the service live. */
  ProcessInstance inUse(ProcessInstance application) {
    complete(task(application, "setSecurityRequirements"), "ga-director", REQUIREMENTS_SET);
    complete(task(application, "reviewCloudUse"), "it-director", Map.of("decision", "approve", "decisionComment", "",
        "cloudManager", "ga-chief"));
    complete(task(application, "registerInSystemLedger"), "ga-chief", Map.of("systemLedgerId", "SYS-1"));
    complete(task(application, "confirmGoLiveProcedures"), "ga-chief", PROCEDURES_READY);
    return application;
  }

  Map<String, Object> registry(ProcessInstance application) {
    return jdbc.queryForMap("select * from apr_cloud_service where process_instance_id = ?", application.getId());
  }

  Map<String, Object> routing(ProcessInstance application, String step) {
    return jdbc.queryForMap("select * from apr_routing_decision where process_instance_id = ? and step = ? "
        + "order by id desc limit 1", application.getId(), step);
  }

}
