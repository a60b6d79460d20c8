package jp.go.jica.approval.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The foundation's sample approval ({@code sample-approval.bpmn}) on the real engine with the real
 * routing DMN and org chart: every path, and every Art. 16 escalation.
 */
class SampleApprovalProcessTest extends PlatformTest {


  @BeforeEach
  void initAssertions() {
    BpmnAwareTests.init(engine);
  }

  @Test
  void anOrdinaryRequestGoesToTheSectionIsoOfTheApplicantsSection() {
    ProcessInstance request = apply("ga-staff", Map.of("title", "USBメモリの利用", "confidentiality", "1"));

    assertThat(request).isWaitingAt("reviewRequest");
    Task review = reviewTask(request);
    assertThat(review).isAssignedTo("ga-chief");
    assertThat(tasks.getVariableLocal(review.getId(), "routingReason").toString())
        .contains("指定の許可権限者", "課等情報セキュリティ責任者", "総務 課長");
    assertThat(lastRouting(request)).containsEntry("REASON_CODE", "DESIGNATED")
        .containsEntry("DESIGNATED_ROLE", "section-iso").containsEntry("ASSIGNEE", "ga-chief");
  }

  @Test
  void confidentialityThreeGoesToTheDepartmentIsoByTheDmnRule() {
    ProcessInstance request = apply("ga-staff", Map.of("title", "機密文書", "confidentiality", "3"));

    assertThat(reviewTask(request)).isAssignedTo("ga-director");
  }

  @Test
  void anApprovedRequestEndsApprovedAndTellsTheApplicant() {
    ProcessInstance request = apply("ga-staff", Map.of("title", "承認される申請", "confidentiality", "1"));

    decide(request, "ga-chief", "approve", "利用期間中は暗号化すること");

    assertThat(request).hasPassedInOrder("requestSubmitted", "reviewRequest", "decisionMade", "notifyApproved",
        "requestApproved").isEnded();
    assertThat(outbox(request)).extracting(m -> m.get("TEMPLATE") + ":" + m.get("RECIPIENT_ID"))
        .containsExactly("task-assigned:ga-chief", "request-approved:ga-staff");
    assertThat(lastRouting(request)).containsEntry("DECISION", "approve").containsEntry("DECIDED_BY", "ga-chief");
  }

  @Test
  void aRejectedRequestEndsRejectedWithTheReason() {
    ProcessInstance request = apply("ga-staff", Map.of("title", "却下される申請", "confidentiality", "1"));

    decide(request, "ga-chief", "reject", "代替策が不十分");

    assertThat(request).hasPassedInOrder("reviewRequest", "notifyRejected", "requestRejected").isEnded();
    assertThat(outbox(request).get(1).get("BODY").toString()).contains("却下", "代替策が不十分");
  }

  @Test
  void aRejectionWithoutACommentIsRefusedNamingTheFieldAndTheTaskStaysOpen() {
    ProcessInstance request = apply("ga-staff", Map.of("title", "コメントなし", "confidentiality", "1"));

    assertRefused(() -> decide(request, "ga-chief", "reject", ""), BadUserRequestException.class, "「コメント」");
    assertRefused(() -> decide(request, "ga-chief", "maybe", "x"), BadUserRequestException.class, "「判断」");

    assertThat(request).isWaitingAt("reviewRequest");
    assertThat(reviewTask(request)).isAssignedTo("ga-chief");
  }

  @Test
  void aSentBackRequestIsRevisedByTheApplicantAndReviewedAgain() {
    ProcessInstance request = apply("ga-staff", Map.of("title", "初版", "confidentiality", "1"));

    decide(request, "ga-chief", "sendBack", "期間を明記してください");
    assertThat(request).isWaitingAt("reviseRequest");
    assertThat(BpmnAwareTests.task(request)).isAssignedTo("ga-staff");
    complete(BpmnAwareTests.task(request), "ga-staff", Map.of("title", "第2版（期間: 3か月）"));

    assertThat(request).hasPassedInOrder("reviewRequest", "notifySentBack", "reviseRequest")
        .isWaitingAt("reviewRequest");
    assertThat(reviewCount(request)).isEqualTo(2);
    assertThat(reviewTask(request)).isAssignedTo("ga-chief");
    assertThat(runtime.getVariable(request.getId(), "decision")).as("the old decision is cleared").isNull();
  }

  @Test
  void whenTheApplicantIsTheAuthorizerTheStepGoesToTheSuperior() {
    ProcessInstance request = apply("ga-chief", Map.of("title", "課長自身の申請", "confidentiality", "1"));

    assertThat(reviewTask(request)).isAssignedTo("ga-director");
    assertThat(lastRouting(request)).containsEntry("REASON_CODE", "APPLICANT_IS_AUTHORIZER")
        .containsEntry("DESIGNATED_PERSON", "ga-chief").containsEntry("ARTICLE", "第16条第2項");
    assertThat(lastRouting(request).get("REASON").toString()).contains("第16条第2項", "申請者が許可権限者");
  }

  @Test
  void theGeneralAffairsDirectorApplyingIsEscalatedToTheExecutiveInCharge() {
    ProcessInstance request = apply("ga-director", Map.of("title", "部長自身の申請", "confidentiality", "3"));

    assertThat(reviewTask(request)).isAssignedTo("exec-admin");
  }

  @Test
  void aDesignatedPersonRecordedAsAPartyIsEscalated() {
    ProcessInstance request = apply("ga-staff", Map.of("title", "業者選定", "confidentiality", "1",
        "parties", "ga-chief"));

    assertThat(reviewTask(request)).isAssignedTo("ga-director");
    assertThat(lastRouting(request)).containsEntry("REASON_CODE", "RECORDED_PARTY");
  }

  @Test
  void escalationClimbsTwoLevelsWhenTheSuperiorIsAlsoAParty() {
    ProcessInstance request = apply("ga-staff", Map.of("title", "関係者が多い案件", "confidentiality", "1",
        "parties", "ga-chief, ga-director"));

    assertThat(reviewTask(request)).isAssignedTo("exec-admin");
    assertThat(lastRouting(request)).containsEntry("SKIPPED", "ga-chief,ga-director");
  }

  @Test
  void aDeclaredConflictSendsTheStepToTheDeclarersSuperior() {
    ProcessInstance request = apply("ga-staff", Map.of("title", "親族の会社", "confidentiality", "1"));

    decide(request, "ga-chief", "conflict", "申請対象の業者が親族の経営する会社のため");

    assertThat(request).hasPassedInOrder("reviewRequest", "decisionMade").isWaitingAt("reviewRequest");
    assertThat(reviewCount(request)).isEqualTo(2);
    assertThat(reviewTask(request)).isAssignedTo("ga-director");
    assertThat(lastRouting(request)).containsEntry("REASON_CODE", "DECLARED_CONFLICT");
    assertThat(lastRouting(request).get("REASON").toString()).contains("利益相反を申告");
  }

  @Test
  void atTheTopOfTheChainTheConfiguredAlternateDecides() {
    ProcessInstance request = apply("ciso", Map.of("title", "機構全体の例外", "confidentiality", "2",
        "scope", "organization"));

    assertThat(reviewTask(request)).isAssignedTo("deputy-ciso");
    assertThat(lastRouting(request).get("REASON").toString()).contains("最上位のため代替者");
  }

  @Test
  void aRequestWithNobodyFreeOfConflictIsRefusedWithTheChainNamed() {
    assertRefused(() -> apply("ciso", Map.of("title", "誰も判断できない", "confidentiality", "2",
        "scope", "organization", "parties", "deputy-ciso")), RoutingException.class, "利益相反のない許可権限者が見つかりません");
  }

  @Test
  void theApplicantCannotBeAssignedTheirOwnApprovalEvenByAnAdministrator() {
    ProcessInstance request = apply("ga-staff", Map.of("title", "自己承認の試み", "confidentiality", "1"));
    Task review = reviewTask(request);

    assertRefused(() -> tasks.setAssignee(review.getId(), "ga-staff"), AuthorizationException.class, "第16条第1項");
    assertThat(reviewTask(request)).isAssignedTo("ga-chief");

    tasks.setAssignee(review.getId(), null);
    assertRefused(() -> tasks.claim(review.getId(), "ga-staff"), AuthorizationException.class, "第16条第1項");
    assertThat(reviewTask(request).getAssignee()).isNull();
  }

  @Test
  void routingVariablesCannotBeSentWithTheApplication() {
    assertRefused(() -> apply("ga-staff", Map.of("title", "x", "routingAssignee", "ga-staff")),
        AuthorizationException.class, "routingAssignee");
    assertRefused(() -> apply("ga-staff", Map.of("title", "x", "applicant", "ga-chief")), AuthorizationException.class, "applicant");
  }

  @Test
  void theApplicantCannotRewriteWhoAppliedWhenResubmitting() {
    ProcessInstance request = apply("ga-staff", Map.of("title", "初版", "confidentiality", "1"));
    decide(request, "ga-chief", "sendBack", "修正してください");
    Task revise = BpmnAwareTests.task(request);

    assertRefused(() -> complete(revise, "ga-staff", Map.of("applicant", "proc-staff")), AuthorizationException.class, "applicant");
    assertRefused(() -> complete(revise, "ga-staff", Map.of("routingReason", "自分で決めた")), AuthorizationException.class, "routingReason");
    assertThat(request).isWaitingAt("reviseRequest");
  }

  // --- helpers -------------------------------------------------------------------------------

  ProcessInstance apply(String applicant, Map<String, Object> variables) {
    return start(applicant, "sample-approval", variables);
  }

  void decide(ProcessInstance request, String approver, String decision, String comment) {
    complete(reviewTask(request), approver, Map.of("decision", decision, "decisionComment", comment));
  }

  long reviewCount(ProcessInstance request) {
    return engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(request.getId())
        .activityId("reviewRequest").count();
  }

  Task reviewTask(ProcessInstance request) {
    return tasks.createTaskQuery().processInstanceId(request.getId()).taskDefinitionKey("reviewRequest")
        .singleResult();
  }

  Map<String, Object> lastRouting(ProcessInstance request) {
    return upperKeys(jdbc.queryForList("select * from apr_routing_decision where process_instance_id = ? "
        + "order by id desc", request.getId()).get(0));
  }

  List<Map<String, Object>> outbox(ProcessInstance request) {
    return jdbc.queryForList("select * from apr_mail_outbox where process_instance_id = ? order by created_at",
        request.getId()).stream().map(SampleApprovalProcessTest::upperKeys).toList();
  }

  /** H2 reports column names upper case, PostgreSQL lower case. */
  static Map<String, Object> upperKeys(Map<String, Object> row) {
    Map<String, Object> upper = new HashMap<>();
    row.forEach((k, v) -> upper.put(k.toUpperCase(), v));
    return upper;
  }
}
