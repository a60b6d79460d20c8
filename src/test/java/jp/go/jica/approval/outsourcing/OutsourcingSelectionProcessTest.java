package jp.go.jica.approval.outsourcing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code outsourcing-selection.bpmn} on the real engine with the real DMN: specification conditions
 * by article, selection, 業務委託サービス, the NDA gate, the contract period and close-out.
 */
public class OutsourcingSelectionProcessTest extends PlatformTest {

  static final Map<String, Object> ENTRUSTMENT = Map.of("entrustmentCriteriaMet", true,
      "entrustmentJudgement", "提供するのは公開予定の原稿のみ（機密性1）。委託判断基準の「公開情報の編集業務」に該当");
  static final Map<String, Object> ART_54 = merged(ENTRUSTMENT, conditions(OutsourcingChecks.ART_54_2));
  static final Map<String, Object> SELECTED = Map.of("decision", "approve", "decisionComment", "",
      "candidates", "A社: 全条件を満たす／B社: 監査受入れ不可", "selectedContractor", "A社",
      "proposalCompliant", true, "proposalCompliance", "A社提案書: 仕様の全項目（第54条第2項各号）に対応");
  static final Map<String, Object> SUBCONTRACT_CHECKED = conditions(OutsourcingChecks.ART_54_5);


  @Autowired OrgChartService charts;

  @org.springframework.boot.test.web.server.LocalServerPort int port;

  @BeforeEach
  void initAssertions() {
    BpmnAwareTests.init(engine);
  }

  @AfterEach
  void restoreTheChart() throws Exception {
    restoreDemoChart(charts);
  }

  /** Puts the demo chart back in force after a test that reorganised it. */
  static void restoreDemoChart(OrgChartService charts) throws java.io.IOException {
    if (!Files.readString(ORG_CHART, StandardCharsets.UTF_8).equals(demoChart())) {
      Files.writeString(ORG_CHART, demoChart(), StandardCharsets.UTF_8);
      charts.reload("test-cleanup");
    }
  }

  @Test
  void aNonSystemOutsourcingWithoutConfidentialDataRunsFromSpecificationToCloseOut() {
    ProcessInstance outsourcing = request("ga-staff", plain());
    Task specification = task(outsourcing, "draftSpecification");
    assertThat(specification).isAssignedTo("ga-director");
    assertThat(runtime.getVariable(outsourcing.getId(), "auditRequired")).isEqualTo(false);

    complete(specification, "ga-director", approve(ART_54));
    complete(task(outsourcing, "selectContractor"), "ga-director", SELECTED);
    Task contract = task(outsourcing, "recordContract");
    assertThat(contract).isAssignedTo("ga-director");
    complete(contract, "ga-director", contract("従事者: 山田・佐藤、対策: 作業端末の暗号化"));

    assertThat(outsourcing).hasPassedInOrder("determineConditions", "draftSpecification", "specificationDecided",
        "selectContractor", "selectionDecided", "serviceNeeded", "recordContract", "registerContract", "contractStarted")
        .isWaitingAt("checkDue", "contractEvents", "contractEnding");
    assertThat(register(outsourcing)).containsEntry("status", "契約中").containsEntry("contractor", "A社");

    correlate(outsourcing, "outsourcingWorkCompleted", Map.of());
    Task inspection = task(outsourcing, "acceptanceInspection");
    assertRefused(() -> complete(inspection, "ga-director", Map.of("measuresKeptWholePeriod", true,
        "acceptanceNote", "x")), BadUserRequestException.class, "返却・廃棄・抹消を確認した（第56条第1項第2号）」を確認してチェック");
    complete(inspection, "ga-director", Map.of("measuresKeptWholePeriod", true, "informationReturned", true,
        "acceptanceNote", "全データの消去証明を受領"));

    assertThat(outsourcing).hasPassedInOrder("workCompleted", "acceptanceInspection", "recordCloseOut",
        "outsourcingClosed").isEnded();
    assertThat(register(outsourcing)).containsEntry("status", "終了（検収済み）");
  }

  @Test
  void aConfidentialSystemConstructionNeedsArticles57And58AuditConditionsAndAnNda() {
    Map<String, Object> values = plain();
    values.put("systemWork", "construction");
    values.put("informationProvided", "confidential");
    values.put("confidentiality", "3");
    ProcessInstance outsourcing = request("ga-staff", values);
    assertThat(runtime.getVariable(outsourcing.getId(), "auditRequired")).isEqualTo(true);
    Task specification = task(outsourcing, "draftSpecification");

    assertRefused(() -> complete(specification, "ga-director", approve(ART_54)), BadUserRequestException.class,
        "情報セキュリティ監査の受入れ");
    complete(specification, "ga-director", approve(ART_54, conditions(OutsourcingChecks.ART_54_3)));
    Task system = task(outsourcing, "addSystemConditions");
    Map<String, Object> without58 = approve(conditions(OutsourcingChecks.ART_57));
    assertRefused(() -> complete(system, "ga-director", without58), BadUserRequestException.class,
        "セキュリティ試験の実施（第58条）");
    complete(system, "ga-director", approve(conditions(OutsourcingChecks.ART_57), conditions(OutsourcingChecks.ART_58)));
    complete(task(outsourcing, "selectContractor"), "ga-director", SELECTED);

    Task contract = task(outsourcing, "recordContract");
    Map<String, Object> noNda = contract("従事者と対策");
    assertRefused(() -> complete(contract, "ga-director", noNda), BadUserRequestException.class, "秘密保持契約（NDA）締結日");
    assertThat(outsourcing).isWaitingAt("recordContract");
    Map<String, Object> withNda = new HashMap<>(noNda);
    withNda.put("ndaDate", LocalDate.now().toString());
    complete(contract, "ga-director", withNda);

    assertThat(register(outsourcing).get("nda_date")).isNotNull();
    assertThat(outsourcing).isWaitingAt("checkDue", "contractEvents", "contractEnding");
  }

  @Test
  void aMissingMandatoryConditionIsRefusedByItsName() {
    ProcessInstance outsourcing = request("ga-staff", plain());
    Map<String, Object> missing = new HashMap<>(approve(ART_54));
    missing.put("condIncidentHandling", false);

    assertRefused(() -> complete(task(outsourcing, "draftSpecification"), "ga-director", missing),
        BadUserRequestException.class, "「情報セキュリティインシデントへの対処方法（同第3号）」");
    assertThat(outsourcing).isWaitingAt("draftSpecification");
  }

  @Test
  void anApproverWhoIsAPartyToACandidateIsEscalated() {
    Map<String, Object> values = plain();
    values.put("parties", "ga-director");
    ProcessInstance outsourcing = request("ga-staff", values);

    assertThat(task(outsourcing, "draftSpecification")).isAssignedTo("exec-admin");
    complete(task(outsourcing, "draftSpecification"), "exec-admin", approve(ART_54));
    assertThat(task(outsourcing, "selectContractor")).isAssignedTo("exec-admin");
  }

  @Test
  void aDeclaredConflictAtSelectionGoesToTheSuperior() {
    ProcessInstance outsourcing = request("ga-staff", plain());
    complete(task(outsourcing, "draftSpecification"), "ga-director", approve(ART_54));

    complete(task(outsourcing, "selectContractor"), "ga-director", Map.of("decision", "conflict",
        "decisionComment", "候補B社の役員は親族"));

    assertThat(task(outsourcing, "selectContractor")).isAssignedTo("exec-admin");
  }

  @Test
  void aSubcontractIsApprovedLikeAnyApprovalAndRecorded() {
    ProcessInstance outsourcing = underContract(request("ga-staff", plain()));

    correlate(outsourcing, "outsourcingSubcontractRequest", Map.of("subcontractor", "株式会社下請（データ入力のみ）"));
    Task review = task(outsourcing, "reviewSubcontract");
    assertThat(review).isAssignedTo("ga-director");
    complete(review, "ga-director", approve(SUBCONTRACT_CHECKED));

    assertThat(outsourcing).hasPassedInOrder("subcontractRequested", "reviewSubcontract", "subcontractDecided",
        "recordSubcontract").isWaitingAt("checkDue", "contractEvents", "contractEnding");
    assertThat(register(outsourcing).get("subcontractors").toString()).contains("株式会社下請");
  }

  @Test
  void aChangedConfirmationDocumentIsKeptAsANewVersion() {
    ProcessInstance outsourcing = underContract(request("ga-staff", plain()));

    correlate(outsourcing, "outsourcingConfirmationDocument", Map.of("confirmationDocument", "従事者変更: 鈴木を追加"));

    assertThat(jdbc.queryForList("select content from apr_contract_document where process_instance_id = ? order by version",
        String.class, outsourcing.getId())).containsExactly("従事者と対策", "従事者変更: 鈴木を追加");
    assertThat(outsourcing).isWaitingAt("checkDue", "contractEvents", "contractEnding");
  }

  @Test
  void aQuarterlyCheckWithAFindingOpensAFollowUp() {
    ProcessInstance outsourcing = underContract(request("ga-staff", plain()));

    fire(outsourcing, "checkDue");
    complete(task(outsourcing, "checkContractorMeasures"), "ga-director", Map.of("findingFound", "yes",
        "checkFinding", "作業ログが保存されていない"));
    Task followUp = task(outsourcing, "followUpFinding");
    assertThat(followUp).isAssignedTo("ga-director");
    complete(followUp, "ga-director", Map.of("followUpNote", "ログ保存を開始したことを確認"));

    assertThat(outsourcing).hasPassedInOrder("checkDue", "checkContractorMeasures", "recordCheck", "findingFound",
        "followUpFinding").isWaitingAt("checkDue", "contractEvents", "contractEnding");
    assertThat(register(outsourcing)).containsEntry("checks", 1).containsEntry("last_finding", "作業ログが保存されていない");
  }

  @Test
  void anIncidentLeadsToASuspensionDecisionWithTheContractualResponse() {
    ProcessInstance outsourcing = underContract(request("ga-staff", plain()));

    correlate(outsourcing, "outsourcingIncident", Map.of("incidentDescription", "委託先で提供データを目的外に利用"));
    complete(task(outsourcing, "decideSuspension"), "ga-director", Map.of("suspendWork", "yes",
        "contractualResponse", "契約第12条により作業を停止させ、報告書を求めた"));

    assertThat(register(outsourcing)).containsEntry("status", "一時中断").containsEntry("suspended", true)
        .containsEntry("incident_response", "契約第12条により作業を停止させ、報告書を求めた");
  }

  @Test
  @DisplayName("第55条第1項第3号・第29条第1項: 委託先のインシデントはCSIRTへの報告としてインシデント対処を開始し、契約登録簿に番号が残る")
  void aContractorIncidentStartsAnIncidentResponseLinkedBothWays() {
    ProcessInstance outsourcing = underContract(request("ga-staff", plain()));

    correlate(outsourcing, "outsourcingIncident", Map.of("incidentDescription", "委託先で提供データを目的外に利用"));

    assertThat(outsourcing).hasPassedInOrder("incidentReported", "startIncident").isWaitingAt("decideSuspension");
    String number = (String) register(outsourcing).get("incident_number");
    assertThat(number).matches("IN-\\d{4}-\\d{5}");
    Map<String, Object> incident = jdbc.queryForMap("select * from apr_incident where incident_number = ?", number);
    assertThat(incident).containsEntry("source_process_key", "outsourcing-selection")
        .containsEntry("source_process_instance_id", outsourcing.getId())
        .containsEntry("source_number", register(outsourcing).get("contract_number"))
        .containsEntry("reporter_id", "ga-director").containsEntry("what_happened", "委託先で提供データを目的外に利用");
    ProcessInstance response = runtime.createProcessInstanceQuery().processInstanceBusinessKey(number).singleResult();
    assertThat(task(response, "evaluateIncident")).isAssignedTo("it-director");
  }

  @Test
  void atTheEndOfThePeriodTheCaseWaitsForTheAcceptanceInspection() {
    ProcessInstance outsourcing = underContract(request("ga-staff", plain()));

    fire(outsourcing, "contractPeriodEnded");

    assertThat(outsourcing).isWaitingAt("acceptanceInspection", "checkDue", "contractEvents");
  }

  @Test
  @DisplayName("第60条第7項・第8項: 業務委託サービスの利用は統括情報セキュリティ責任者が決定し（ルーティングの根拠は第60条第7項）、管理者を指名する")
  void anOutsourcingServiceIsApprovedByTheChiefIsoWhoNamesItsManagerArt60_7() {
    Map<String, Object> values = plain();
    values.put("systemWork", "service");
    values.put("informationProvided", "confidential");
    values.put("confidentiality", "2");
    ProcessInstance outsourcing = request("ga-staff", values);
    complete(task(outsourcing, "draftSpecification"), "ga-director", approve(ART_54));
    complete(task(outsourcing, "addSystemConditions"), "ga-director", SERVICE_CONDITIONS);
    complete(task(outsourcing, "selectContractor"), "ga-director", SELECTED);

    Task service = task(outsourcing, "approveOutsourcingService");
    assertThat(service).isAssignedTo("it-director");
    assertThat(routing(outsourcing, "approveOutsourcingService")).containsEntry("article", "第60条第7項");
    assertRefused(() -> complete(service, "it-director", Map.of("decision", "approve", "decisionComment", "")),
        BadUserRequestException.class, "業務委託サービス管理者");
    complete(service, "it-director", Map.of("decision", "approve", "decisionComment", "", "serviceManager", "it-chief"));

    assertThat(outsourcing).hasPassedInOrder("serviceNeeded", "approveOutsourcingService", "serviceDecided")
        .isWaitingAt("recordContract");
    assertThat(register(outsourcing)).containsEntry("service_approved", true).containsEntry("service_manager_id", "it-chief");
  }

  @Test
  void aRejectedSpecificationCancelsTheOutsourcing() {
    ProcessInstance outsourcing = request("ga-staff", plain());

    complete(task(outsourcing, "draftSpecification"), "ga-director", Map.of("decision", "reject",
        "decisionComment", "委託せず内製する"));

    assertThat(outsourcing).hasPassedInOrder("notifyCancelled", "cancelOutsourcing", "outsourcingCancelled").isEnded();
    assertThat(register(outsourcing)).containsEntry("status", "中止");
  }

  @Test
  void aRejectedSelectionOrServiceCancelsAndASentBackServiceGoesToTheRequester() {
    ProcessInstance selection = request("ga-staff", plain());
    complete(task(selection, "draftSpecification"), "ga-director", approve(ART_54));
    complete(task(selection, "selectContractor"), "ga-director", Map.of("decision", "reject", "decisionComment", "適格な候補なし"));
    assertThat(selection).hasPassedInOrder("selectionDecided", "notifyCancelled", "outsourcingCancelled").isEnded();

    ProcessInstance service = serviceAwaitingChiefIso();
    complete(task(service, "approveOutsourcingService"), "it-director", Map.of("decision", "reject", "decisionComment", "外国法リスク"));
    assertThat(service).hasPassedInOrder("serviceDecided", "notifyCancelled", "outsourcingCancelled").isEnded();

    ProcessInstance sentBack = serviceAwaitingChiefIso();
    complete(task(sentBack, "approveOutsourcingService"), "it-director", Map.of("decision", "sendBack", "decisionComment", "範囲を明確に"));
    assertThat(sentBack).hasPassedInOrder("serviceDecided", "notifySentBack").isWaitingAt("reviseRequest");
  }

  @Test
  void theChiefIsoDeclaringAConflictOnAServiceSendsItToTheCiso() {
    ProcessInstance service = serviceAwaitingChiefIso();

    complete(task(service, "approveOutsourcingService"), "it-director", Map.of("decision", "conflict", "decisionComment", "委託先の顧問"));

    assertThat(task(service, "approveOutsourcingService")).isAssignedTo("ciso");
  }

  @Test
  void aDeclaredConflictOnASubcontractGoesToTheSuperior() {
    ProcessInstance outsourcing = underContract(request("ga-staff", plain()));
    correlate(outsourcing, "outsourcingSubcontractRequest", Map.of("subcontractor", "親族の会社"));

    complete(task(outsourcing, "reviewSubcontract"), "ga-director", Map.of("decision", "conflict", "decisionComment", "親族"));

    assertThat(task(outsourcing, "reviewSubcontract")).isAssignedTo("exec-admin");
  }

  @Test
  @DisplayName("第16条第2項: 情報システム部の業務委託サービスで委託先を選定した isso（第60条第6項）は、統括情報セキュリティ責任者として同じ申請を承認しない（第60条第7項）")
  void theIssoWhoSelectedTheItDepartmentsOwnServiceDoesNotAlsoApproveItAsChiefIso() {
    ProcessInstance outsourcing = request("it-staff", service());
    Task specification = task(outsourcing, "draftSpecification");
    assertThat(specification).isAssignedTo("it-director");
    complete(specification, "it-director", approve(ART_54));
    complete(task(outsourcing, "addSystemConditions"), "it-director", SERVICE_CONDITIONS);
    assertThat(task(outsourcing, "selectContractor")).isAssignedTo("it-director");
    complete(task(outsourcing, "selectContractor"), "it-director", SELECTED);

    Task approval = task(outsourcing, "approveOutsourcingService");
    assertThat(approval).isAssignedTo("ciso");
    assertThat(routing(outsourcing, "approveOutsourcingService")).containsEntry("designated_role", "chief-iso")
        .containsEntry("designated_person", "it-director").containsEntry("reason_code", "APPLICANT_SIDE")
        .containsEntry("article", "第16条第2項");
    assertThat((String) routing(outsourcing, "approveOutsourcingService").get("reason")).contains("第16条第2項",
        "情報 部長（申請側の手順（選定条件を含む仕様を策定する・情報システムに関する選定条件を仕様に加える・委託先を選定する）を担当）", "最高 情報 へ回付");
    assertRefused(() -> complete(approval, "it-director", Map.of("decision", "approve", "decisionComment", "",
        "serviceManager", "it-chief")), AuthorizationException.class, "it-director");

    complete(approval, "ciso", Map.of("decision", "approve", "decisionComment", "", "serviceManager", "it-chief"));

    assertThat(outsourcing).hasPassedInOrder("draftSpecification", "addSystemConditions", "selectContractor",
        "serviceNeeded", "approveOutsourcingService", "serviceDecided").isWaitingAt("recordContract");
    // Concluding the contract is the department's own step (Art. 54-1): it stays with its iso.
    assertThat(task(outsourcing, "recordContract")).isAssignedTo("it-director");
    assertThat(register(outsourcing)).containsEntry("service_approved", true).containsEntry("service_manager_id", "it-chief");
  }

  @Test
  @DisplayName("第16条第2項: isso 本人が依頼した業務委託サービスは、仕様と選定は本人が行い、承認は上司が行う")
  void anIssoApplyingForTheirDepartmentsServiceSelectsItButTheirSuperiorApprovesIt() {
    ProcessInstance outsourcing = request("it-director", service());
    complete(task(outsourcing, "draftSpecification"), "it-director", approve(ART_54));
    complete(task(outsourcing, "addSystemConditions"), "it-director", SERVICE_CONDITIONS);
    complete(task(outsourcing, "selectContractor"), "it-director", SELECTED);

    assertThat(task(outsourcing, "approveOutsourcingService")).isAssignedTo("ciso");
    assertThat(routing(outsourcing, "approveOutsourcingService")).containsEntry("reason_code", "APPLICANT_IS_AUTHORIZER");
    assertThat(outsourcing).hasPassedInOrder("draftSpecification", "selectContractor", "serviceNeeded")
        .isWaitingAt("approveOutsourcingService");
    assertThat(jdbc.queryForList("select step from apr_case_actor where process_instance_id = ? order by id",
        String.class, outsourcing.getId())).containsExactly("draftSpecification", "addSystemConditions", "selectContractor");
  }

  @Test
  @DisplayName("第57条: その他の情報システム関連の委託にも、システムを所管する部等の isso が第57条の選定条件を加える")
  void art57AppliesToOtherInformationSystemWorkAndTheIssoAddsItsConditions() {
    Map<String, Object> values = plain();
    values.put("systemWork", "other");
    ProcessInstance outsourcing = request("ga-staff", values);
    complete(task(outsourcing, "draftSpecification"), "ga-director", approve(ART_54));

    Task system = task(outsourcing, "addSystemConditions");
    assertThat(system).isAssignedTo("ga-director");
    assertThat(routing(outsourcing, "addSystemConditions")).containsEntry("designated_role", "isso")
        .containsEntry("article", "第57条第1項・第2項");
    assertRefused(() -> complete(system, "ga-director", approve()), BadUserRequestException.class,
        "情報システムに意図せざる変更が加えられないための対策（第57条）");
    complete(system, "ga-director", approve(conditions(OutsourcingChecks.ART_57)));

    assertThat(outsourcing).hasPassedInOrder("specificationDecided", "systemWorkCheck", "addSystemConditions",
        "systemConditionsDecided").isWaitingAt("selectContractor");
  }

  @Test
  @DisplayName("第57条〜第60条: 情報システムに関する委託の選定条件と変更報告の確認は、システムを所管する部等の情報システムセキュリティ責任者へ回付する")
  void art57To60DutiesGoToTheIssoOfTheDepartmentThatOwnsTheSystem() throws Exception {
    // Given a department that names its own isso, apart from its iso (Art. 12-5)
    Files.writeString(ORG_CHART, demoChart().replace(
        "roles: { iso: ga-director, exception-authorizer: ga-director,",
        "roles: { iso: ga-director, isso: ga-chief, exception-authorizer: ga-director,"), StandardCharsets.UTF_8);
    charts.reload("test");
    Map<String, Object> values = plain();
    values.put("systemWork", "operation");
    ProcessInstance outsourcing = request("ga-staff", values);

    // When the specification is done
    complete(task(outsourcing, "draftSpecification"), "ga-director", approve(ART_54));

    // Then the Art. 57-60 conditions are the isso's, and so is the change report under the contract
    assertThat(task(outsourcing, "addSystemConditions")).isAssignedTo("ga-chief");
    assertRefused(() -> complete(task(outsourcing, "addSystemConditions"), "ga-chief",
        approve(conditions(OutsourcingChecks.ART_57))), BadUserRequestException.class, "運用・保守における変更の報告（第59条）");
    complete(task(outsourcing, "addSystemConditions"), "ga-chief", approve(conditions(OutsourcingChecks.ART_57),
        conditions(OutsourcingChecks.ART_59)));
    complete(task(outsourcing, "selectContractor"), "ga-director", SELECTED);
    complete(task(outsourcing, "recordContract"), "ga-director", contract("従事者と対策"));
    report(outsourcing, "systemChange", "ファイアウォールのルールを1件追加");
    assertThat(task(outsourcing, "reviewChangeReport")).isAssignedTo("ga-chief");
    assertThat(routing(outsourcing, "reviewChangeReport")).containsEntry("designated_role", "isso")
        .containsEntry("article", "第59条第2項");
  }

  @Test
  @DisplayName("第53条第1号・第55条第1項第1号: 提供する情報と業務の範囲は委託判断基準に照らして判断し、登録簿に記録する")
  void theInformationProvidedIsJudgedAgainstTheEntrustmentCriteriaArt53And55_1() {
    ProcessInstance outsourcing = request("ga-staff", plain());
    Task specification = task(outsourcing, "draftSpecification");

    assertRefused(() -> complete(specification, "ga-director", approve(conditions(OutsourcingChecks.ART_54_2))),
        BadUserRequestException.class, "委託判断基準に適合することを確認した（第53条第1号・第55条第1項第1号）");
    Map<String, Object> unexplained = approve(ART_54);
    unexplained.remove("entrustmentJudgement");
    assertRefused(() -> complete(specification, "ga-director", unexplained), BadUserRequestException.class,
        "委託判断基準に照らした判断");
    complete(specification, "ga-director", approve(ART_54));

    assertThat((String) register(outsourcing).get("entrustment_judgement")).contains("委託判断基準");
  }

  @Test
  @DisplayName("第54条第6項第1号: 選定した委託先の提案が仕様に準拠していることを選定時に記録する")
  void theProposalsComplianceWithTheSpecificationIsRecordedAtSelectionArt54_6() {
    ProcessInstance outsourcing = request("ga-staff", plain());
    complete(task(outsourcing, "draftSpecification"), "ga-director", approve(ART_54));
    Map<String, Object> unconfirmed = new HashMap<>(SELECTED);
    unconfirmed.put("proposalCompliant", false);

    assertRefused(() -> complete(task(outsourcing, "selectContractor"), "ga-director", unconfirmed),
        BadUserRequestException.class, "提案が仕様に準拠していることを確認した（第54条第6項第1号）");
    complete(task(outsourcing, "selectContractor"), "ga-director", SELECTED);

    assertThat((String) register(outsourcing).get("proposal_compliance")).contains("仕様の全項目");
  }

  @Test
  @DisplayName("第54条第4項: 委託先と合意した情報の取扱手順を契約の手順で記録する")
  void theAgreedHandlingProcedureIsRecordedAtTheContractArt54_4() {
    ProcessInstance outsourcing = request("ga-staff", plain());
    complete(task(outsourcing, "draftSpecification"), "ga-director", approve(ART_54));
    complete(task(outsourcing, "selectContractor"), "ga-director", SELECTED);
    Map<String, Object> noProcedure = contract("従事者と対策");
    noProcedure.remove("handlingProcedure");

    assertRefused(() -> complete(task(outsourcing, "recordContract"), "ga-director", noProcedure),
        BadUserRequestException.class, "委託先と合意した情報の取扱手順");
    complete(task(outsourcing, "recordContract"), "ga-director", contract("従事者と対策"));

    assertThat(register(outsourcing)).containsEntry("handling_procedure", "暗号化した媒体で手渡し、終了時は消去証明書を提出");
  }

  @Test
  @DisplayName("第54条第5項: 再委託はその審査項目（第2項・第3項の担保、確認に必要な情報、委託判断基準と選定基準）をすべて確認して承認する")
  void aSubcontractIsApprovedOnlyWithEveryItemOfItsChecklistArt54_5() {
    ProcessInstance outsourcing = underContract(request("ga-staff", plain()));
    correlate(outsourcing, "outsourcingSubcontractRequest", Map.of("subcontractor", "株式会社下請（データ入力のみ）"));
    Map<String, Object> withoutInformation = approve(SUBCONTRACT_CHECKED);
    withoutInformation.remove("subcontractInformation");

    assertRefused(() -> complete(task(outsourcing, "reviewSubcontract"), "ga-director", withoutInformation),
        BadUserRequestException.class, "再委託先の情報セキュリティ対策の実施状況を確認するために必要な情報が機構に提供された");
    assertThat(outsourcing).isWaitingAt("reviewSubcontract");
    complete(task(outsourcing, "reviewSubcontract"), "ga-director", approve(SUBCONTRACT_CHECKED));

    assertThat(register(outsourcing).get("subcontractors").toString()).contains("株式会社下請");
  }

  @Test
  @DisplayName("第55条第2項第2号・第59条第2項: 委託先からの報告は部署が記録する契約のイベントで、同時に届いても各々が契約の経過に残る")
  void contractorReportsAreEventsTheDepartmentRecordsInTheTimelineArt55_2And59_2() {
    ProcessInstance outsourcing = underContract(request("ga-staff", plain()));

    report(outsourcing, "periodic", "第2四半期: 全従事者の端末暗号化を確認");
    report(outsourcing, "systemChange", "管理画面のアクセス制限を変更");
    Task periodic = task(outsourcing, "recordContractorReport");
    assertThat(periodic).isAssignedTo("ga-director");
    assertThat(task(outsourcing, "reviewChangeReport")).isAssignedTo("ga-director");
    complete(periodic, "ga-director", Map.of("reportAssessment", "履行状況に問題なし"));
    complete(task(outsourcing, "reviewChangeReport"), "ga-director", Map.of("decision", "approve",
        "decisionComment", "", "reportAssessment", "変更内容を把握した"));

    assertThat(jdbc.queryForList("select article || ' ' || summary from apr_contract_event where process_instance_id = ? "
        + "order by id", String.class, outsourcing.getId())).containsExactly(
        "第55条第2項第2号 定期報告: 第2四半期: 全従事者の端末暗号化を確認 ／ 確認結果: 履行状況に問題なし",
        "第59条第2項 情報システムの変更報告: 管理画面のアクセス制限を変更 ／ 確認結果: 変更内容を把握した");
    assertThat(outsourcing).hasPassedInOrder("contractorReportReceived", "reportKind", "recordContractorReport",
        "recordReportEvent", "contractorReportRecorded").isWaitingAt("checkDue", "contractEvents", "contractEnding");
  }

  static Map<String, Object> service() {
    Map<String, Object> values = plain();
    values.put("workDescription", "人事システムの運用（業務委託サービス）");
    values.put("systemWork", "service");
    values.put("informationProvided", "confidential");
    values.put("confidentiality", "2");
    return values;
  }

  Map<String, Object> routing(ProcessInstance outsourcing, String step) {
    return jdbc.queryForMap("select * from apr_routing_decision where process_instance_id = ? and step = ? "
        + "order by id desc limit 1", outsourcing.getId(), step);
  }

  ProcessInstance serviceAwaitingChiefIso() {
    Map<String, Object> values = plain();
    values.put("systemWork", "service");
    ProcessInstance outsourcing = request("ga-staff", values);
    complete(task(outsourcing, "draftSpecification"), "ga-director", approve(ART_54));
    complete(task(outsourcing, "addSystemConditions"), "ga-director", SERVICE_CONDITIONS);
    complete(task(outsourcing, "selectContractor"), "ga-director", SELECTED);
    return outsourcing;
  }

  @Test
  void aSentBackRequestIsRevisedAndSpecifiedAgain() {
    ProcessInstance outsourcing = request("ga-staff", plain());
    complete(task(outsourcing, "draftSpecification"), "ga-director", Map.of("decision", "sendBack",
        "decisionComment", "業務範囲を明確に"));

    complete(task(outsourcing, "reviseRequest"), "ga-staff", plain());

    assertThat(outsourcing).hasPassedInOrder("notifySentBack", "reviseRequest").isWaitingAt("draftSpecification");
  }

  @Test
  void anInvalidRequestIsRefusedByField() {
    Map<String, Object> values = plain();
    values.put("informationProvided", "confidential");
    assertRefused(() -> request("ga-staff", values), BadUserRequestException.class, "「機密性」は2以上");
    Map<String, Object> noWork = plain();
    noWork.remove("workDescription");
    assertRefused(() -> request("ga-staff", noWork), BadUserRequestException.class, "「委託する業務の内容」");
  }

  @Test
  void everyFormOfTheProcessIsDeployedAndFoundForItsTask() throws Exception {
    Map<String, Object> values = plain();
    values.put("systemWork", "service");
    ProcessInstance outsourcing = request("ga-staff", values);
    assertDeployedForm(task(outsourcing, "draftSpecification"), "outsourcing-specification");
    complete(task(outsourcing, "draftSpecification"), "ga-director", approve(ART_54));
    assertDeployedForm(task(outsourcing, "addSystemConditions"), "outsourcing-system-conditions");
    complete(task(outsourcing, "addSystemConditions"), "ga-director", SERVICE_CONDITIONS);
    assertDeployedForm(task(outsourcing, "selectContractor"), "outsourcing-selection");
    complete(task(outsourcing, "selectContractor"), "ga-director", SELECTED);
    assertDeployedForm(task(outsourcing, "approveOutsourcingService"), "outsourcing-service");
    complete(task(outsourcing, "approveOutsourcingService"), "it-director", Map.of("decision", "approve",
        "decisionComment", "", "serviceManager", "it-chief"));
    assertDeployedForm(task(outsourcing, "recordContract"), "outsourcing-contract");
    complete(task(outsourcing, "recordContract"), "ga-director", contract("従事者と対策"));
    fire(outsourcing, "checkDue");
    assertDeployedForm(task(outsourcing, "checkContractorMeasures"), "outsourcing-check");
    complete(task(outsourcing, "checkContractorMeasures"), "ga-director", Map.of("findingFound", "yes", "checkFinding", "x"));
    assertDeployedForm(task(outsourcing, "followUpFinding"), "outsourcing-follow-up");
    correlate(outsourcing, "outsourcingSubcontractRequest", Map.of("subcontractor", "C社"));
    assertDeployedForm(task(outsourcing, "reviewSubcontract"), "outsourcing-subcontract");
    complete(task(outsourcing, "reviewSubcontract"), "ga-director", Map.of("decision", "reject", "decisionComment", "不可"));
    correlate(outsourcing, "outsourcingIncident", Map.of("incidentDescription", "x"));
    assertDeployedForm(task(outsourcing, "decideSuspension"), "outsourcing-suspension");
    correlate(outsourcing, "outsourcingWorkCompleted", Map.of());
    assertDeployedForm(task(outsourcing, "acceptanceInspection"), "outsourcing-acceptance");

    ProcessInstance other = request("ga-staff", plain());
    complete(task(other, "draftSpecification"), "ga-director", Map.of("decision", "sendBack", "decisionComment", "x"));
    assertDeployedForm(task(other, "reviseRequest"), "outsourcing-revise");
    String definition = engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey("outsourcing-selection").latestVersion().singleResult().getId();
    assertThat(read(engine.getFormService().getDeployedStartForm(definition))).contains("\"outsourcing-start\"");
  }

  // --- helpers -------------------------------------------------------------------------------

  @Test
  @DisplayName("第54条: 依頼者は承認（条件付き）・中止・差戻しを記録番号・要約・申請の詳細へのリンク付きで知る")
  void theRequesterIsMailedTheApprovalTheCancellationAndTheSendBackArt54() {
    // Given three requests
    ProcessInstance approved = request("ga-staff", plain());
    ProcessInstance cancelled = request("ga-staff", plain());
    ProcessInstance sentBack = request("ga-staff", plain());

    // When the specification and the selection are approved (with a condition), cancelled and sent back
    Map<String, Object> specified = new HashMap<>(approve(ART_54));
    specified.put("decisionComment", "納品物の検査手順を仕様に含めること");
    complete(task(approved, "draftSpecification"), "ga-director", specified);
    complete(task(approved, "selectContractor"), "ga-director", SELECTED);
    complete(task(cancelled, "draftSpecification"), "ga-director", Map.of("decision", "reject", "decisionComment", "委託せず内製する"));
    complete(task(sentBack, "draftSpecification"), "ga-director", Map.of("decision", "sendBack", "decisionComment", "業務範囲を明確に"));

    // Then the requester hears of each, with the condition and the revise task
    assertThat(ApplicantMail.of(engine, jdbc, approved, "request-approved", "ga-staff", SUMMARY).body())
        .contains("選定条件を含む仕様を策定する: 納品物の検査手順を仕様に含めること");
    assertThat(approved).hasPassedInOrder("selectionDecided", "notifyApproved").isWaitingAt("recordContract");
    assertThat(ApplicantMail.of(engine, jdbc, cancelled, "request-cancelled", "ga-staff", SUMMARY).body()).contains("委託せず内製する", "中止と判断");
    assertThat(ApplicantMail.of(engine, jdbc, sentBack, "request-sent-back", "ga-staff", SUMMARY).body())
        .contains("#/?task=" + task(sentBack, "reviseRequest").getId());
  }

  @Test
  void theSpecificationTaskSaysWhichRequestItIsAndTheDirectorFindsItByTheRecordNumber() {
    ProcessInstance outsourcing = request("ga-staff", plain());

    ApplicantMail.assertDescribed(engine, new Http(port), task(outsourcing, "draftSpecification"), "総務 花子", SUMMARY,
        "ga-director");
  }

  /** What plain() is, in one line. */
  static final String SUMMARY = "広報誌の編集・印刷";

  public static Map<String, Object> plain() {
    Map<String, Object> values = new HashMap<>();
    values.put("workDescription", "広報誌の編集・印刷");
    values.put("systemWork", "none");
    values.put("informationProvided", "none");
    values.put("confidentiality", "1");
    values.put("integrity", "1");
    values.put("availability", "1");
    values.put("periodFrom", LocalDate.now().plusDays(10).toString());
    values.put("periodTo", LocalDate.now().plusDays(200).toString());
    return values;
  }

  static final Map<String, Object> SERVICE_CONDITIONS = approve(conditions(OutsourcingChecks.ART_57),
      conditions(OutsourcingChecks.ART_60));

  /** What the contract step records: date, the confirmation document (54-7) and the agreed handling procedure (54-4). */
  static Map<String, Object> contract(String confirmationDocument) {
    return new HashMap<>(Map.of("contractDate", LocalDate.now().toString(), "confirmationDocument", confirmationDocument,
        "handlingProcedure", "暗号化した媒体で手渡し、終了時は消去証明書を提出"));
  }

  @SafeVarargs
  static Map<String, Object> merged(Map<String, Object>... maps) {
    Map<String, Object> all = new HashMap<>();
    for (Map<String, Object> map : maps) {
      all.putAll(map);
    }
    return Map.copyOf(all);
  }

  static Map<String, Object> conditions(Map<String, String> items) {
    Map<String, Object> checked = new HashMap<>();
    items.keySet().forEach(key -> checked.put(key, true));
    return checked;
  }

  @SafeVarargs
  static Map<String, Object> approve(Map<String, Object>... conditionSets) {
    Map<String, Object> values = new HashMap<>(Map.of("decision", "approve", "decisionComment", ""));
    for (Map<String, Object> set : conditionSets) {
      values.putAll(set);
    }
    return values;
  }

  ProcessInstance request(String applicant, Map<String, Object> values) {
    return start(applicant, "outsourcing-selection", values);
  }

  ProcessInstance underContract(ProcessInstance outsourcing) {
    complete(task(outsourcing, "draftSpecification"), "ga-director", approve(ART_54));
    complete(task(outsourcing, "selectContractor"), "ga-director", SELECTED);
    complete(task(outsourcing, "recordContract"), "ga-director", contract("従事者と対策"));
    return outsourcing;
  }

  /** A contractor report as the department's REST event delivers it: into its own event subprocess. */
  void report(ProcessInstance outsourcing, String kind, String text) {
    runtime.createMessageCorrelation("outsourcingContractorReport").processInstanceId(outsourcing.getId())
        .setVariablesToTriggeredScope(Map.of("reportKind", kind, "reportText", text)).correlate();
  }

  void correlate(ProcessInstance outsourcing, String message, Map<String, Object> variables) {
    runtime.createMessageCorrelation(message).processInstanceId(outsourcing.getId()).setVariables(variables).correlate();
  }

  Map<String, Object> register(ProcessInstance outsourcing) {
    return jdbc.queryForMap("select * from apr_contract where process_instance_id = ?", outsourcing.getId());
  }

}
