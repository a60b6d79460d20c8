package jp.go.jica.approval.cloud;

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
import jp.go.jica.approval.notification.ApplicantMail;
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
public class CloudServiceApprovalProcessTest extends PlatformTest {

  static final Map<String, Object> REQUIREMENTS_SET = Map.ofEntries(Map.entry("useWithinScope", true),
      Map.entry("usePlaceAllowed", true), Map.entry("useJudgement", "会議資料（機密性2）のみ。停止時はメールで代替できる"),
      Map.entry("reqMeasures", true), Map.entry("reqDataLocation", true), Map.entry("reqDisposal", true),
      Map.entry("reqServiceLevel", true), Map.entry("requirementsNote", "多要素認証、国内保存、解約時の消去証明"),
      Map.entry("specIncludesRequirements", true), Map.entry("providerMeetsSpec", true),
      Map.entry("contractIncludesSpec", true), Map.entry("procurementDocuments", "調達仕様書 総-2026-014、契約書案 第12条"),
      Map.entry("decision", "approve"), Map.entry("decisionComment", ""));
  static final Map<String, Object> USE_REQUIREMENTS_SET = Map.of("useContentConfirmed", true,
      "useRequirements", "管理者アカウントは2名、多要素認証必須、外部共有は課長の承認制");
  static final Map<String, Object> PROCEDURES_READY = Map.of("buildMeasures", "多要素認証とIP制限を設定し、設定画面で確認した",
      "buildMeasuresChecked", true, "procSecurityLevel", true, "procIncidentResponse", true, "procRecovery", true);

  static final java.util.concurrent.atomic.AtomicInteger SERVICES = new java.util.concurrent.atomic.AtomicInteger();

  @Autowired CloudSettings settings;
  @org.springframework.boot.test.web.server.LocalServerPort int port;


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
    complete(task(application, "setUseRequirements"), "ga-chief", USE_REQUIREMENTS_SET);
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
        "notifyApproved", "setUseRequirements", "recordUseRequirements", "registerInSystemLedger", "reportRegistration",
        "confirmGoLiveProcedures", "recordGoLive")
        .isWaitingAt("inUse");
    assertThat(registry(application)).containsEntry("status", "運用中").containsEntry("system_ledger_id", "SYS-2026-041");
  }

  @Test
  @DisplayName("第68条第2項: 定期確認で見つかった変更は情報システム台帳を更新し（版・日時・変更内容・新しい保存場所）、統括情報セキュリティ責任者へ報告される")
  void aChangeFoundAtTheYearlyReviewUpdatesTheInformationSystemLedgerArt68_2() {
    ProcessInstance application = inUse(apply("ga-staff", confidential()));
    assertThat(registry(application)).containsEntry("system_ledger_revision", 0);

    fire(application, "annualReviewDue");
    Task review = task(application, "reviewMeasures");
    assertThat(review).isAssignedTo("ga-chief");
    Map<String, Object> changed = new HashMap<>(Map.of("measuresHold", "no", "reviewChanges", "提供者がデータセンターを移転",
        "changedDataLocations", "日本（東京・福岡）"));
    assertRefused(() -> complete(review, "ga-chief", changed), BadUserRequestException.class,
        "「変更を情報システム台帳及び関連文書に反映した（第68条第2項");
    assertThat(registry(application)).as("nothing recorded").containsEntry("system_ledger_revision", 0);
    changed.put("ledgerUpdated", true);
    complete(review, "ga-chief", changed);

    assertThat(application).hasPassedInOrder("annualReviewDue", "reviewMeasures", "recordReview")
        .isWaitingAt("inUse");
    Map<String, Object> registered = registry(application);
    assertThat(registered).containsEntry("system_ledger_revision", 1)
        .containsEntry("system_ledger_change", "提供者がデータセンターを移転")
        .containsEntry("data_locations", "日本（東京・福岡）").containsEntry("service_level", "稼働率99.9%");
    assertThat(registered.get("system_ledger_updated_at")).isNotNull();
    assertThat((String) registered.get("last_review_note")).contains("見直しが必要", "データセンターを移転");
    assertThat(mails(application)).contains("cloud/review-report:it-director");
    assertThat(outbox(application, "cloud/review-report")).contains("第1版に更新（SYS-1）", "第68条第2項");
  }

  @Test
  void aYearlyReviewWithoutChangesLeavesTheLedgerAsItIs() {
    ProcessInstance application = inUse(apply("ga-staff", confidential()));

    fire(application, "annualReviewDue");
    complete(task(application, "reviewMeasures"), "ga-chief", Map.of("measuresHold", "yes"));

    assertThat(registry(application)).containsEntry("system_ledger_revision", 0).containsEntry("system_ledger_change", null);
    assertThat(mails(application)).doesNotContain("cloud/review-report:it-director");
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
        "notifyApproved").isWaitingAt("setUseRequirements");
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
    assertDeployedForm(task(application, "setUseRequirements"), "cloud-service-use-requirements");
    complete(task(application, "setUseRequirements"), "ga-chief", USE_REQUIREMENTS_SET);
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
        "reviewDecided", "notifyApproved").isWaitingAt("setUseRequirements");
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
    ProcessInstance application = approved(apply("ga-staff", confidential()), "ga-staff");
    // The cloud-manager's own duties stay with the cloud-manager, whoever applied.
    assertThat(task(application, "setUseRequirements")).isAssignedTo("ga-staff");
    complete(task(application, "setUseRequirements"), "ga-staff", USE_REQUIREMENTS_SET);
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

  @Test
  @DisplayName("第62条第1項: isso は表示された利用判断基準に照らして利用を検討し、その結果がないと要件の手順を承認できない")
  void theIssoJudgesTheUseAgainstTheUseCriteriaShownWithTheRequirementsArt62_1() throws Exception {
    ProcessInstance application = apply("ga-staff", confidential());
    Task requirements = task(application, "setSecurityRequirements");
    assertThat((String) runtime.getVariable(application.getId(), "useCriteria"))
        .isEqualTo(settings.getUseCriteria()).contains("利用可能な業務・情報システムの範囲", "情報の取扱いを許可する場所");
    assertThat(read(engine.getFormService().getDeployedTaskForm(requirements.getId())))
        .contains("\"useCriteria\"", "\"useWithinScope\"", "\"usePlaceAllowed\"", "\"useJudgement\"");

    Map<String, Object> outOfScope = new HashMap<>(REQUIREMENTS_SET);
    outOfScope.put("useWithinScope", false);
    assertRefused(() -> complete(requirements, "ga-director", outOfScope), BadUserRequestException.class,
        "「利用判断基準: 利用可能な業務・情報システムの範囲（第62条第1項）」");
    Map<String, Object> unjudged = new HashMap<>(REQUIREMENTS_SET);
    unjudged.remove("useJudgement");
    assertRefused(() -> complete(requirements, "ga-director", unjudged), BadUserRequestException.class,
        "「格付・取扱制限を踏まえた業務に係る影響度等の検討結果（第62条第1項）」");
    assertThat(task(application, "reviewCloudUse")).as("not before the judgement").isNull();

    complete(requirements, "ga-director", REQUIREMENTS_SET);

    assertThat(registry(application)).containsEntry("use_judgement", "会議資料（機密性2）のみ。停止時はメールで代替できる");
    assertThat(registry(application).get("use_judged_at")).isNotNull();
    assertThat(application).hasPassedInOrder("setSecurityRequirements", "recordRequirementsDecision")
        .isWaitingAt("reviewCloudUse");
  }

  @Test
  @DisplayName("第63条: セキュリティ要件を調達仕様と契約に含めたことの確認と文書がなければ、申請は許可権限者の審査に進まない")
  void theRequirementsAreConfirmedInTheProcurementSpecificationAndContractBeforeApprovalArt63() throws Exception {
    ProcessInstance application = apply("ga-staff", confidential());
    Task requirements = task(application, "setSecurityRequirements");

    Map<String, Object> unchecked = new HashMap<>(REQUIREMENTS_SET);
    unchecked.put("providerMeetsSpec", false);
    unchecked.put("contractIncludesSpec", false);
    assertRefused(() -> complete(requirements, "ga-director", unchecked), BadUserRequestException.class,
        "「調達仕様の内容を契約に含めた（第63条第2項）」、「提供者とサービスが調達仕様を満たすことの確認（第63条第2項）」");
    Map<String, Object> noDocuments = new HashMap<>(REQUIREMENTS_SET);
    noDocuments.put("procurementDocuments", " ");
    assertRefused(() -> complete(requirements, "ga-director", noDocuments), BadUserRequestException.class,
        "「調達仕様書・契約書（文書名・文書番号）」");
    assertThat(registry(application).get("procurement_confirmed_at")).isNull();

    complete(requirements, "ga-director", REQUIREMENTS_SET);

    Task review = task(application, "reviewCloudUse");
    assertThat(read(engine.getFormService().getDeployedTaskForm(review.getId()))).contains("\"procurementDocuments\"");
    assertThat(runtime.getVariable(application.getId(), "procurementDocuments")).isEqualTo("調達仕様書 総-2026-014、契約書案 第12条");
    complete(review, "it-director", Map.of("decision", "approve", "decisionComment", "", "cloudManager", "ga-chief"));
    Map<String, Object> registered = registry(application);
    assertThat(registered).containsEntry("procurement_documents", "調達仕様書 総-2026-014、契約書案 第12条");
    assertThat((java.sql.Timestamp) registered.get("procurement_confirmed_at"))
        .isBeforeOrEqualTo((java.sql.Timestamp) registered.get("approved_at"));
  }

  @Test
  @DisplayName("第66条: 承認後、クラウドサービス管理者が利用に係る内容を確認してセキュリティ要件を策定し、登録簿に記録される")
  void theCloudManagerSetsTheUseRequirementsArt66() {
    ProcessInstance application = approved(apply("ga-staff", confidential()), "ga-chief");

    Task useRequirements = task(application, "setUseRequirements");
    assertThat(useRequirements).isAssignedTo("ga-chief");
    assertRefused(() -> complete(useRequirements, "ga-chief", Map.of("useContentConfirmed", true)),
        BadUserRequestException.class, "「策定した利用に係るセキュリティ要件（第66条第2項）」");
    assertRefused(() -> complete(useRequirements, "ga-chief", Map.of("useContentConfirmed", false, "useRequirements", "x")),
        BadUserRequestException.class, "第66条第1項");
    assertThat(task(application, "registerInSystemLedger")).as("not before the use requirements").isNull();
    complete(useRequirements, "ga-chief", USE_REQUIREMENTS_SET);

    assertThat(application).hasPassedInOrder("notifyApproved", "setUseRequirements", "recordUseRequirements")
        .isWaitingAt("registerInSystemLedger");
    assertThat(registry(application)).containsEntry("use_requirements", "管理者アカウントは2名、多要素認証必須、外部共有は課長の承認制");
    assertThat(registry(application).get("use_requirements_at")).isNotNull();
  }

  @Test
  @DisplayName("第67条第1項: クラウドサービス管理者は導入・構築時の措置と実施状況を記録し、その記録なしに運用開始は記録されない")
  void theCloudManagerRecordsTheBuildTimeMeasuresBeforeTheGoLiveArt67_1() {
    ProcessInstance application = approved(apply("ga-staff", confidential()), "ga-chief");
    complete(task(application, "setUseRequirements"), "ga-chief", USE_REQUIREMENTS_SET);
    complete(task(application, "registerInSystemLedger"), "ga-chief", Map.of("systemLedgerId", "SYS-67"));

    Task goLive = task(application, "confirmGoLiveProcedures");
    Map<String, Object> unrecorded = new HashMap<>(PROCEDURES_READY);
    unrecorded.remove("buildMeasures");
    assertRefused(() -> complete(goLive, "ga-chief", unrecorded), BadUserRequestException.class,
        "「導入・構築時に講じた措置とその実施状況（第67条第1項）」");
    Map<String, Object> unchecked = new HashMap<>(PROCEDURES_READY);
    unchecked.put("buildMeasuresChecked", false);
    assertRefused(() -> complete(goLive, "ga-chief", unchecked), BadUserRequestException.class,
        "「セキュリティ要件に従った措置の実施状況を導入・構築時に確認した（第67条第1項）」");
    assertThat(registry(application).get("go_live_at")).isNull();

    complete(goLive, "ga-chief", PROCEDURES_READY);

    assertThat(registry(application)).containsEntry("build_measures", "多要素認証とIP制限を設定し、設定画面で確認した")
        .containsEntry("status", "運用中");
    assertThat(registry(application).get("build_measures_at")).isNotNull();
  }

  @Test
  @DisplayName("第64条第1項: isso 自身の申請はそれ自体が利用申請: 要件の手順は本人のまま（回付されない）、審査は利用申請の許可権限者")
  void theIssosOwnStartIsTheApplicationAndTheAuthorizerDecidesArt64_1() {
    ProcessInstance application = apply("ga-director", confidential());

    Task requirements = task(application, "setSecurityRequirements");
    assertThat(requirements).isAssignedTo("ga-director");
    assertThat(routing(application, "setSecurityRequirements")).containsEntry("designated_role", "isso")
        .containsEntry("designated_person", "ga-director").containsEntry("reason_code", "DESIGNATED");
    complete(requirements, "ga-director", REQUIREMENTS_SET);

    Task review = task(application, "reviewCloudUse");
    assertThat(review).isAssignedTo("it-director");
    assertThat(routing(application, "reviewCloudUse")).containsEntry("designated_role", "cloud-authorizer")
        .containsEntry("designated_person", "it-director").containsEntry("reason_code", "DESIGNATED")
        .containsEntry("article", "第64条第2項");
    assertRefused(() -> complete(review, "ga-director", Map.of("decision", "approve", "decisionComment", "",
        "cloudManager", "ga-chief")), AuthorizationException.class, "ga-director");
    complete(review, "it-director", Map.of("decision", "approve", "decisionComment", "", "cloudManager", "ga-chief"));

    assertThat(application).hasPassedInOrder("setSecurityRequirements", "reviewCloudUse", "notifyApproved")
        .isWaitingAt("setUseRequirements");
    assertThat(registry(application)).containsEntry("applicant_id", "ga-director")
        .containsEntry("authorizer_id", "it-director");
  }

  @Test
  @DisplayName("第71条第1項: 要機密情報なしの経路（定型約款のリスク確認）の表示は第71条第1項を引き、第70条を引かない")
  void theTermsRiskTrackCitesArt71_1NotArt70() {
    String definition = engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey("cloud-service-approval").latestVersion().singleResult().getId();
    var model = engine.getRepositoryService().getBpmnModelInstance(definition);

    var track = (org.camunda.bpm.model.bpmn.instance.SequenceFlow) model.getModelElementById("nonConfidentialTrack");
    assertThat(track.getName()).contains("第71条第1項").doesNotContain("第70条");
    // The track reaches the check through its explicit merge gateway (bpmnlint: no fake join).
    assertThat(track.getTarget().getId()).isEqualTo("confirmTermsRiskJoin");
    assertThat(track.getTarget().getOutgoing()).singleElement()
        .satisfies(joined -> assertThat(joined.getTarget().getId()).isEqualTo("confirmTermsRisk"));
    assertThat(model.getModelElementsByType(org.camunda.bpm.model.bpmn.instance.FlowElement.class))
        .allSatisfy(element -> assertThat(String.valueOf(element.getName())).doesNotContain("第70条"));
  }

  // --- helpers -------------------------------------------------------------------------------

  @Test
  @DisplayName("第66条: 申請者は承認（条件付き）・却下・差戻し・承認期間の終了を記録番号・要約・申請の詳細へのリンク付きで知る")
  void theApplicantIsMailedEveryOutcomeOfTheCloudApplicationArt66() {
    // Given three applications
    Map<String, Object> values = nonConfidential();
    ProcessInstance approved = apply("ga-staff", values);
    ProcessInstance rejected = apply("ga-staff", nonConfidential());
    ProcessInstance sentBack = apply("ga-staff", nonConfidential());

    // When the terms are checked and each is decided
    complete(task(approved, "confirmTermsRisk"), "ga-director", Map.of("decision", "approve", "decisionComment", "約款の改定時は再確認すること"));
    complete(task(approved, "reviewCloudUse"), "it-director", Map.of("decision", "approve", "decisionComment", "",
        "cloudManager", "ga-chief"));
    complete(task(rejected, "confirmTermsRisk"), "ga-director", Map.of("decision", "reject", "decisionComment", "約款に問題"));
    complete(task(sentBack, "confirmTermsRisk"), "ga-director", Map.of("decision", "sendBack", "decisionComment", "URLを確認して"));

    // Then the applicant hears of each, with the condition and the revise task
    String summary = values.get("serviceName") + "の利用：" + values.get("purpose");
    assertThat(ApplicantMail.of(engine, jdbc, approved, "request-approved", "ga-staff", summary).body())
        .contains("定型約款のリスクを確認する: 約款の改定時は再確認すること");
    assertThat(ApplicantMail.of(engine, jdbc, rejected, "request-rejected", "ga-staff", "の利用：").body()).contains("約款に問題");
    assertThat(ApplicantMail.of(engine, jdbc, sentBack, "request-sent-back", "ga-staff", "の利用：").body())
        .contains("#/?task=" + task(sentBack, "reviseApplication").getId());
  }

  @Test
  void theApplicantIsMailedWhenTheApprovedPeriodEnds() {
    Map<String, Object> values = confidential();
    ProcessInstance application = inUse(apply("ga-staff", values));

    fire(application, "approvedEndReached");

    String summary = values.get("serviceName") + "の利用：" + values.get("purpose");
    assertThat(ApplicantMail.of(engine, jdbc, application, "cloud/expired", "ga-staff", summary).body()).contains("承認期間が終了");
    assertThat(application).hasPassedInOrder("approvedEndReached", "notifyExpired").isWaitingAt("confirmDisposal");
  }

  @Test
  void theTermsCheckSaysWhichApplicationItIsAndTheIsoFindsItByTheRecordNumber() {
    Map<String, Object> values = nonConfidential();
    ProcessInstance application = apply("ga-staff", values);

    ApplicantMail.assertDescribed(engine, new Http(port), task(application, "confirmTermsRisk"), "総務 花子",
        values.get("serviceName") + "の利用：" + values.get("purpose"), "ga-director");
  }

  public static Map<String, Object> confidential() {
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

  public static Map<String, Object> nonConfidential() {
    Map<String, Object> values = confidential();
    values.put("serviceName", "公開資料の翻訳サービス" + SERVICES.incrementAndGet());
    values.put("handlesConfidential", "no");
    values.put("confidentiality", "1");
    return values;
  }

  ProcessInstance apply(String applicant, Map<String, Object> values) {
    return start(applicant, "cloud-service-approval", values);
  }

  /** The isso sets the requirements and the cloud-authorizer approves with {@code manager} as cloud-manager. */
  ProcessInstance approved(ProcessInstance application, String manager) {
    complete(task(application, "setSecurityRequirements"), "ga-director", REQUIREMENTS_SET);
    complete(task(application, "reviewCloudUse"), "it-director", Map.of("decision", "approve", "decisionComment", "",
        "cloudManager", manager));
    return application;
  }

  /** Approves with ga-chief as cloud-manager and brings the service live. */
  ProcessInstance inUse(ProcessInstance application) {
    approved(application, "ga-chief");
    complete(task(application, "setUseRequirements"), "ga-chief", USE_REQUIREMENTS_SET);
    complete(task(application, "registerInSystemLedger"), "ga-chief", Map.of("systemLedgerId", "SYS-1"));
    complete(task(application, "confirmGoLiveProcedures"), "ga-chief", PROCEDURES_READY);
    return application;
  }

  String outbox(ProcessInstance application, String template) {
    return String.join("\n", jdbc.queryForList("select body from apr_mail_outbox where process_instance_id = ? "
        + "and template = ?", String.class, application.getId(), template));
  }

  Map<String, Object> registry(ProcessInstance application) {
    return jdbc.queryForMap("select * from apr_cloud_service where process_instance_id = ?", application.getId());
  }

  Map<String, Object> routing(ProcessInstance application, String step) {
    return jdbc.queryForMap("select * from apr_routing_decision where process_instance_id = ? and step = ? "
        + "order by id desc limit 1", application.getId(), step);
  }

}
