package jp.go.jica.approval.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.byod.ByodPermissionProcessTest;
import jp.go.jica.approval.cloud.CloudServiceApprovalProcessTest;
import jp.go.jica.approval.deployment.RuleChangeProcessTest;
import jp.go.jica.approval.exception.ExceptionMeasureProcessTest;
import jp.go.jica.approval.incident.IncidentResponseProcessTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import jp.go.jica.approval.outsourcing.OutsourcingSelectionProcessTest;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * 引戻し on every process with a decision step. The applicant takes an undecided request back to its revise step;
 * an authorizer takes back their own decision within the window while the next step has not acted and nothing
 * irreversible ran. Everything else is refused (404 for someone else's, 409 too late / acted / irreversible, 400 for
 * the reason) and changes nothing; the engine's own modification stays refused to users on both REST spellings.
 */
public class RecallTest extends PlatformTest {

  /** A process with a decision step and a revise step, and how a test starts it. */
  record Shape(String process, String firstStep, String revise, Supplier<Map<String, Object>> values) {
    @Override
    public String toString() {
      return process;
    }
  }

  static Stream<Shape> processesWithRevision() {
    return Stream.of(
        new Shape("byod-permission", "deviceManagerReview", "reviseRequest", ByodPermissionProcessTest::publicInformation),
        new Shape("cloud-service-approval", "setSecurityRequirements", "reviseApplication",
            CloudServiceApprovalProcessTest::confidential),
        new Shape("outsourcing-selection", "draftSpecification", "reviseRequest", OutsourcingSelectionProcessTest::plain),
        new Shape("media-carry-out", "sectionIsoPermission", "reviseRequest",
            () -> MediaCarryOutProcessTest.carryOut("1", "2", "1")),
        new Shape("exception-measure", "reviewApplication", "reviseApplication", ExceptionMeasureProcessTest::application));
  }

  static final String APPLICANT = "ga-staff";
  static final Map<String, Object> APPROVE = Map.of("decision", "approve", "decisionComment", "");

  @LocalServerPort int port;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
    BpmnAwareTests.init(engine);
  }

  @AfterEach
  void clock() {
    ClockUtil.reset();
  }

  // ------------------------------------------------------------ the applicant

  @ParameterizedTest(name = "{0}")
  @MethodSource("processesWithRevision")
  void theApplicantRecallsARequestWaitingForItsFirstDecisionBackToTheReviseStep(Shape shape) {
    // Given a request waiting for its first decision
    ProcessInstance request = start(APPLICANT, shape.process(), shape.values().get());
    String holder = task(request, shape.firstStep()).getAssignee();
    assertThat(page(APPLICANT, request).get("recallable").asBoolean()).isTrue();
    assertThat(page(holder, request).get("recallable").asBoolean()).as("only the applicant is offered it").isFalse();

    // When the applicant recalls it
    Http.Reply reply = recallCase(APPLICANT, request, "添付する資料を差し替えるため");

    // Then it waits at the revise step with the reason shown, the holder's step ended and they are mailed
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(request).isWaitingAt(shape.revise());
    assertThat(task(request, shape.firstStep())).isNull();
    assertThat(task(request, shape.revise()).getAssignee()).isEqualTo(APPLICANT);
    assertThat((String) runtime.getVariable(request.getId(), "decisionComment")).contains("添付する資料を差し替えるため");
    assertThat(mails(request)).contains("cases/recalled-holder:" + holder);
    assertThat(recalls(request)).containsExactly("applicant:" + APPLICANT + ":" + shape.revise());
    assertThat(jdbc.queryForList("select decision || ':' || coalesce(decided_by, '-') from apr_routing_decision "
        + "where process_instance_id = ? and decision is not null", String.class, request.getId()))
        .as("the undecided step ended as recalled, decided by nobody").containsExactly("recalled:-");
    assertThat(http.get(APPLICANT, "/api/my/decisions").body()).as("not the applicant's decision")
        .doesNotContain(request.getId());
    assertThat(page(APPLICANT, request).get("recallable").asBoolean()).as("already at the revise step").isFalse();
    assertThat(page(APPLICANT, request).get("withdrawable").asBoolean()).as("it can still be withdrawn").isTrue();
    assertThat(page(APPLICANT, request).get("timeline").toString()).contains("引戻し（申請者）", "添付する資料を差し替えるため");
  }

  @Test
  void nobodyButTheApplicantRecallsARequestAndNothingChanges() {
    ProcessInstance media = start(APPLICANT, "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));

    for (String other : List.of("ga-chief", "proc-staff", "admin")) {
      Http.Reply refused = recallCase(other, media, "勝手に引き戻す");
      assertThat(refused.status()).as(other).isEqualTo(404);
      assertThat(refused.body()).doesNotContain(APPLICANT);
    }
    assertThat(recallCase(null, media, "x").status()).isEqualTo(401);
    assertUntouched(media, "sectionIsoPermission", "ga-chief");
  }

  @Test
  void aRecallWithoutReasonOrWithTooLongAReasonIsRefusedNamingTheField() {
    ProcessInstance media = start(APPLICANT, "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));

    for (String reason : List.of("  ", "あ".repeat(501))) {
      Http.Reply refused = recallCase(APPLICANT, media, reason);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.json().get("message").asText()).contains("「引戻しの理由」");
    }
    Http.Reply notText = http.post(APPLICANT, "/api/cases/" + media.getId() + "/recall",
        Http.json(Map.of("reason", Map.of("a", 1))));
    assertThat(notText.status()).isEqualTo(400);
    assertThat(notText.json().get("message").asText()).contains("「引戻しの理由」");
    assertUntouched(media, "sectionIsoPermission", "ga-chief");
  }

  @Test
  void theApplicantCannotRecallOnceAStepWasDecided() {
    // Given a byod request whose device-manager approved, waiting for the section-iso
    ProcessInstance byod = start(APPLICANT, "byod-permission", protectedByod());
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", APPROVE);
    assertThat(byod).isWaitingAt("sectionIsoReview");

    // When the applicant tries to recall it
    Http.Reply refused = recallCase(APPLICANT, byod, "やはり修正したい");

    // Then it is refused, naming who can recall instead, and nothing changed
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("message").asText()).contains("既に判断された手順");
    assertUntouched(byod, "sectionIsoReview", "ga-chief");
  }

  @Test
  void aCarryOutInForceUnderRecordOnlyCannotBeRecalled() {
    // Given a carry-out that needed no permission: the medium is out, the case waits for its return
    ProcessInstance media = start(APPLICANT, "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "1", "1"));
    assertThat(media).isWaitingAt("returnDue");

    // When the applicant tries to recall it
    Http.Reply refused = recallCase(APPLICANT, media, "持出しをやり直す");

    // Then it is refused, the return is still awaited and nothing was recorded
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("message").asText()).contains("判断待ちではない");
    assertThat(media).isWaitingAt("returnDue");
    assertThat(recalls(media)).isEmpty();
    assertThat(page(APPLICANT, media).get("recallable").asBoolean()).isFalse();
  }

  @Test
  void aProcessWithoutAReviseStepRefusesTheApplicantsRecall() {
    // Given an incident report waiting for the CSIRT's evaluation
    ProcessInstance incident = start(APPLICANT, "incident-response", IncidentResponseProcessTest.report("USBメモリの紛失"));
    Task evaluation = task(incident, "evaluateIncident");

    // When the reporter tries to recall it
    Http.Reply refused = recallCase(APPLICANT, incident, "書き直したい");

    // Then it is refused: there is no revise step to return to
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("message").asText()).contains("修正する手順がない");
    assertUntouched(incident, "evaluateIncident", evaluation.getAssignee());
  }

  // ------------------------------------------------------------ the authorizer

  @ParameterizedTest(name = "{0}")
  @MethodSource("processesWithRevision")
  void anAuthorizerRecallsTheirSendBackBeforeTheApplicantRevised(Shape shape) {
    // Given a request its first authorizer sent back
    ProcessInstance request = start(APPLICANT, shape.process(), shape.values().get());
    Task decided = task(request, shape.firstStep());
    String authorizer = decided.getAssignee();
    complete(decided, authorizer, Map.of("decision", "sendBack", "decisionComment", "目的を詳しく"));
    assertThat(request).isWaitingAt(shape.revise());
    assertThat(recallable(authorizer)).anySatisfy(row -> {
      assertThat(row.get("taskId").asText()).isEqualTo(decided.getId());
      assertThat(row.get("recallable").asBoolean()).isTrue();
      assertThat(row.get("decidedAt").asText()).matches("\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}");
    });
    assertThat(page(authorizer, request).get("recallableDecisions").toString()).contains(decided.getId());
    assertThat(page(APPLICANT, request).get("recallableDecisions")).isEmpty();

    // When the authorizer recalls their decision
    Http.Reply reply = recallDecision(authorizer, decided.getId(), "差し戻す前に確認することがあった");

    // Then the step is theirs again, the revision ended, the decision is marked recalled and the applicant is mailed
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(request).isWaitingAt(shape.firstStep());
    assertThat(task(request, shape.revise())).isNull();
    Task again = task(request, shape.firstStep());
    assertThat(again.getId()).isNotEqualTo(decided.getId());
    assertThat(again.getAssignee()).as("routed to the same authorizer").isEqualTo(authorizer);
    assertThat(jdbc.queryForObject("select decision from apr_routing_decision where task_id = ? order by id desc limit 1",
        String.class, decided.getId())).isEqualTo("recalled");
    assertThat(recalls(request)).containsExactly("authorizer:" + authorizer + ":" + shape.firstStep());
    assertThat(jdbc.queryForObject("select recalled_decision from apr_recall where process_instance_id = ?",
        String.class, request.getId())).isEqualTo("sendBack");
    assertThat(mails(request)).contains("cases/recalled-applicant:" + APPLICANT);
    assertThat(recallDecision(authorizer, decided.getId(), "もう一度").status()).as("recalled once only").isEqualTo(409);
    assertThat(page(APPLICANT, request).get("recallable").asBoolean()).as("undecided again: the applicant may recall")
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("processesWithRevision")
  void aRecallAfterTheWindowIsRefusedAndChangesNothing(Shape shape) {
    // Given a request sent back more than an hour ago
    ProcessInstance request = start(APPLICANT, shape.process(), shape.values().get());
    Task decided = task(request, shape.firstStep());
    String authorizer = decided.getAssignee();
    complete(decided, authorizer, Map.of("decision", "sendBack", "decisionComment", "目的を詳しく"));
    ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + 61 * 60 * 1000L));

    // When the authorizer tries to recall it
    Http.Reply refused = recallDecision(authorizer, decided.getId(), "遅れて気づいた");

    // Then it is refused as too late and the applicant still holds the revision
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json().get("message").asText()).contains("1時間を過ぎた");
    assertUntouched(request, shape.revise(), APPLICANT);
  }

  @Test
  void theDeviceManagerRecallsTheirApprovalWhileTheSectionIsoHasNotDecided() {
    // Given a byod request the device-manager approved, waiting for ga-chief
    ProcessInstance byod = start(APPLICANT, "byod-permission", protectedByod());
    Task decided = task(byod, "deviceManagerReview");
    complete(decided, "ga-device-manager", APPROVE);
    assertThat(task(byod, "sectionIsoReview").getAssignee()).isEqualTo("ga-chief");

    // When the device-manager recalls the approval
    Http.Reply reply = recallDecision("ga-device-manager", decided.getId(), "端末の機種を確認し直す");

    // Then the review is theirs again, ga-chief's step ended, and ga-chief and the applicant are mailed
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(byod).isWaitingAt("deviceManagerReview");
    assertThat(task(byod, "deviceManagerReview").getAssignee()).isEqualTo("ga-device-manager");
    assertThat(task(byod, "sectionIsoReview")).isNull();
    assertThat(mails(byod)).contains("cases/recalled-next:ga-chief", "cases/recalled-applicant:" + APPLICANT);
    assertThat(jdbc.queryForObject("select body from apr_mail_outbox where process_instance_id = ? and template = ?",
        String.class, byod.getId(), "cases/recalled-next"))
        .contains("端末の利用を許可する（端末管理責任者）", "要保護情報の取扱いを許可する", "端末の機種を確認し直す")
        .doesNotContain("{{");
    assertThat(page(APPLICANT, byod).get("withdrawable").asBoolean()).as("undecided again: it can be withdrawn").isTrue();
    assertThat(page(APPLICANT, byod).get("timeline").toString())
        .contains("引戻し（端末の利用を許可する（端末管理責任者）の判断）", "端末の機種を確認し直す", "引戻しにより終了");

    // And deciding again moves the case on as before
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", APPROVE);
    assertThat(byod).isWaitingAt("sectionIsoReview");
  }

  @Test
  void aRecallAfterTheNextStepDecidedIsRefused() {
    // Given a byod request approved by the device-manager and then sent back by ga-chief
    ProcessInstance byod = start(APPLICANT, "byod-permission", protectedByod());
    Task decided = task(byod, "deviceManagerReview");
    complete(decided, "ga-device-manager", APPROVE);
    complete(task(byod, "sectionIsoReview"), "ga-chief", Map.of("decision", "sendBack", "decisionComment", "情報を特定して"));

    // When the device-manager tries to recall their approval
    Http.Reply refused = recallDecision("ga-device-manager", decided.getId(), "取り消したい");

    // Then it is refused naming the step that acted, and the applicant still holds the revision
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("message").asText()).contains("次の手順", "既に処理");
    assertUntouched(byod, "reviseRequest", APPLICANT);
  }

  static Stream<Object[]> irreversible() {
    return Stream.of(
        new Object[] {"byod-permission", (Supplier<Map<String, Object>>) ByodPermissionProcessTest::publicInformation,
            "deviceManagerReview", APPROVE, "許可を登録簿に記録する"},
        new Object[] {"media-carry-out", (Supplier<Map<String, Object>>) () -> MediaCarryOutProcessTest.carryOut("1", "2", "1"),
            "sectionIsoPermission", APPROVE, "許可の判断を記録する"},
        new Object[] {"exception-measure", (Supplier<Map<String, Object>>) ExceptionMeasureProcessTest::application,
            "reviewApplication", APPROVE, "判断を台帳に記録し報告する"},
        new Object[] {"incident-response", (Supplier<Map<String, Object>>) () -> IncidentResponseProcessTest.report("不審なメール"),
            "evaluateIncident", IncidentResponseProcessTest.anIncident("ga-dept"), "評価を記録する"});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("irreversible")
  void aDecisionFollowedByAnIrreversibleStepCannotBeRecalled(String process, Supplier<Map<String, Object>> values,
      String step, Map<String, Object> decision, String irreversibleStep) {
    // Given a decision after which a permit, a register entry or a report was made
    ProcessInstance request = start(APPLICANT, process, values.get());
    Task decided = task(request, step);
    String authorizer = decided.getAssignee();
    complete(decided, authorizer, decision);
    List<String> open = openSteps(request);
    List<String> mailsBefore = mails(request);

    // When the authorizer tries to recall it
    Http.Reply refused = recallDecision(authorizer, decided.getId(), "取り消したい");

    // Then it is refused naming that step, and nothing changed
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json().get("message").asText()).contains("「" + irreversibleStep + "」");
    assertThat(openSteps(request)).isEqualTo(open);
    assertThat(recalls(request)).isEmpty();
    assertThat(mails(request)).isEqualTo(mailsBefore);
    assertThat(recallable(authorizer)).filteredOn(row -> row.get("taskId").asText().equals(decided.getId()))
        .allSatisfy(row -> assertThat(row.get("recallable").asBoolean()).isFalse());
  }

  @Test
  void aDecisionWhoseOwnStepWritesTheRegisterCannotBeRecalledEvenBeforeTheNextStepActs() {
    // Given an incident whose report the CISO acknowledged: the acknowledgement is in the incident's timeline at once
    ProcessInstance incident = start(APPLICANT, "incident-response", IncidentResponseProcessTest.report("標的型メール"));
    Task evaluation = task(incident, "evaluateIncident");
    complete(evaluation, evaluation.getAssignee(), IncidentResponseProcessTest.anIncident("ga-dept"));
    Task acknowledgement = task(incident, "acknowledgeReport");
    complete(acknowledgement, acknowledgement.getAssignee(), APPROVE);
    List<String> open = openSteps(incident);
    List<String> mailsBefore = mails(incident);

    // When the CISO tries to recall the acknowledgement
    Http.Reply refused = recallDecision(acknowledgement.getAssignee(), acknowledgement.getId(), "取り消したい");

    // Then it is refused naming the decision, and nothing changed
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json().get("message").asText()).contains("「" + acknowledgement.getName() + "」", "記録");
    assertThat(openSteps(incident)).isEqualTo(open);
    assertThat(recalls(incident)).isEmpty();
    assertThat(mails(incident)).isEqualTo(mailsBefore);
  }

  @Test
  void anAuthorizerWhoRecallsAnApplicantSideStepStaysOnTheApplicantsSide() {
    // Given a cloud application whose terms and risks it-director confirmed on the applicant's side
    ProcessInstance request = start(APPLICANT, "cloud-service-approval", CloudServiceApprovalProcessTest.nonConfidential());
    Task confirm = task(request, "confirmTermsRisk");
    String director = confirm.getAssignee();
    complete(confirm, director, APPROVE);

    // When he recalls that confirmation
    Http.Reply recalled = recallDecision(director, confirm.getId(), "確認をやり直す");

    // Then his part on the applicant's side is still on record, so Art. 16 keeps the case's approval from him
    assertThat(recalled.status()).as(recalled.body()).isEqualTo(200);
    assertThat(jdbc.queryForObject("select count(*) from apr_case_actor where process_instance_id = ? and person_id = ?",
        Integer.class, request.getId(), director)).isPositive();
  }

  @Test
  void aRuleChangeHasNoReviseStepAndADecisionOnItEndsItSoNeitherRecallIsPossible() {
    // Given a proposed rule change waiting for the chief-iso (it-director)
    String xml = RuleChangeProcessTest.probe("recall-probe");
    Http.Reply proposed = http.post("admin", "/api/admin/rule-changes", Http.json(Map.of("resourceName",
        "recall-probe.bpmn", "xml", xml, "note", "引戻しの確認")));
    assertThat(proposed.status()).as(proposed.body()).isEqualTo(201);
    ProcessInstance change = runtime.createProcessInstanceQuery()
        .processInstanceId(proposed.json().get("processInstanceId").asText()).singleResult();
    Task approval = task(change, "approveRuleChange");

    // When the proposer recalls it, it is refused: there is no revise step
    Http.Reply byProposer = recallCase("admin", change, "書き直したい");
    assertThat(byProposer.status()).as(byProposer.body()).isEqualTo(409);
    assertThat(byProposer.json().get("message").asText()).contains("修正する手順がない");
    assertUntouched(change, "approveRuleChange", approval.getAssignee());

    // When the chief-iso rejects it and then tries to recall the rejection
    complete(approval, approval.getAssignee(), Map.of("decision", "reject", "decisionComment", "説明が不足"));
    Http.Reply refused = recallDecision(approval.getAssignee(), approval.getId(), "却下を取り消したい");

    // Then it is refused as ended, and nothing was recorded
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("message").asText()).contains("既に終了");
    assertThat(recalls(change)).isEmpty();
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("recall-probe").count())
        .isZero();
  }

  @Test
  void theCloudAuthorizersApprovalIsInTheRegistryAndCannotBeRecalled() {
    // Given a confidential cloud application the isso passed and the cloud authorizer approved
    ProcessInstance cloud = start(APPLICANT, "cloud-service-approval", CloudServiceApprovalProcessTest.confidential());
    complete(task(cloud, "setSecurityRequirements"), "ga-director", CLOUD_REQUIREMENTS_SET);
    Task review = task(cloud, "reviewCloudUse");
    complete(review, review.getAssignee(), Map.of("decision", "approve", "decisionComment", "", "cloudManager", "ga-chief"));
    List<String> open = openSteps(cloud);

    // When the authorizer tries to recall the approval
    Http.Reply refused = recallDecision(review.getAssignee(), review.getId(), "取り消したい");

    // Then it is refused naming the registry step, and the use requirements step stays open
    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json().get("message").asText()).contains("「審査結果を登録簿に記録する」");
    assertThat(openSteps(cloud)).isEqualTo(open);
    assertThat(recalls(cloud)).isEmpty();
  }

  @Test
  void theIssoRecallsTheirRequirementsWhileTheCloudAuthorizerHasNotDecided() {
    // Given the isso's requirements set, the review waiting for the cloud authorizer
    ProcessInstance cloud = start(APPLICANT, "cloud-service-approval", CloudServiceApprovalProcessTest.confidential());
    Task requirements = task(cloud, "setSecurityRequirements");
    complete(requirements, "ga-director", CLOUD_REQUIREMENTS_SET);
    String reviewer = task(cloud, "reviewCloudUse").getAssignee();

    // When the isso recalls them
    Http.Reply reply = recallDecision("ga-director", requirements.getId(), "要件に国外保存の扱いを加える");

    // Then the requirements are the isso's again and the reviewer is told their step ended
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(cloud).isWaitingAt("setSecurityRequirements");
    assertThat(task(cloud, "setSecurityRequirements").getAssignee()).isEqualTo("ga-director");
    assertThat(task(cloud, "reviewCloudUse")).isNull();
    assertThat(mails(cloud)).contains("cases/recalled-next:" + reviewer, "cases/recalled-applicant:" + APPLICANT);
  }

  @Test
  void theSelectionIsRecalledBeforeTheContractIsEnteredAndTheRequestIsUndecidedAgain() {
    // Given an outsourcing whose specification and selection ga-director approved: the contract step is open
    ProcessInstance outsourcing = start(APPLICANT, "outsourcing-selection", OutsourcingSelectionProcessTest.plain());
    Map<String, Object> specification = new HashMap<>(APPROVE);
    specification.put("entrustmentCriteriaMet", true);
    specification.put("entrustmentJudgement", "提供するのは公開予定の原稿のみ（機密性1）");
    for (String condition : List.of("condNoOtherUse", "condSecurityMeasures", "condIncidentHandling", "condComplianceCheck",
        "condInsufficientMeasures", "condHandover", "condSubcontracting")) {
      specification.put(condition, true);
    }
    complete(task(outsourcing, "draftSpecification"), "ga-director", specification);
    Task selection = task(outsourcing, "selectContractor");
    complete(selection, "ga-director", Map.of("decision", "approve", "decisionComment", "",
        "candidates", "A社: 全条件を満たす／B社: 監査受入れ不可", "selectedContractor", "A社",
        "proposalCompliant", true, "proposalCompliance", "A社提案書: 仕様の全項目に対応"));
    Task contract = task(outsourcing, "recordContract");
    assertThat(contract).as("the contract step is open").isNotNull();
    assertThat(page(APPLICANT, outsourcing).get("withdrawable").asBoolean()).as("decided: not withdrawable").isFalse();

    // When ga-director recalls the selection
    Http.Reply reply = recallDecision("ga-director", selection.getId(), "候補の評価をやり直す");

    // Then the selection is theirs again, the contract step ended, and the request can be withdrawn as undecided
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(outsourcing).isWaitingAt("selectContractor");
    assertThat(task(outsourcing, "selectContractor").getAssignee()).isEqualTo("ga-director");
    assertThat(task(outsourcing, "recordContract")).isNull();
    if (!APPLICANT.equals(contract.getAssignee())) {
      assertThat(mails(outsourcing)).contains("cases/recalled-next:" + contract.getAssignee());
    }
    assertThat(page(APPLICANT, outsourcing).get("withdrawable").asBoolean()).isTrue();
    Http.Reply withdrawn = http.post(APPLICANT, "/api/cases/" + outsourcing.getId() + "/withdraw",
        Http.json(Map.of("reason", "委託をやめる")));
    assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
  }

  /** What the isso's requirements step needs to approve a confidential application (as in the cloud process test). */
  static final Map<String, Object> CLOUD_REQUIREMENTS_SET = Map.ofEntries(Map.entry("useWithinScope", true),
      Map.entry("usePlaceAllowed", true), Map.entry("useJudgement", "会議資料（機密性2）のみ。停止時はメールで代替できる"),
      Map.entry("reqMeasures", true), Map.entry("reqDataLocation", true), Map.entry("reqDisposal", true),
      Map.entry("reqServiceLevel", true), Map.entry("requirementsNote", "多要素認証、国内保存、解約時の消去証明"),
      Map.entry("specIncludesRequirements", true), Map.entry("providerMeetsSpec", true),
      Map.entry("contractIncludesSpec", true), Map.entry("procurementDocuments", "調達仕様書 総-2026-014、契約書案 第12条"),
      Map.entry("decision", "approve"), Map.entry("decisionComment", ""));

  @Test
  void nobodyButTheDeciderRecallsADecisionAndNothingChanges() {
    // Given a byod request the device-manager approved, waiting for ga-chief
    ProcessInstance byod = start(APPLICANT, "byod-permission", protectedByod());
    Task decided = task(byod, "deviceManagerReview");
    complete(decided, "ga-device-manager", APPROVE);

    // Then the applicant, the next holder, another employee and an administrator are answered as if it did not exist
    for (String other : List.of(APPLICANT, "ga-chief", "proc-staff", "admin")) {
      Http.Reply refused = recallDecision(other, decided.getId(), "勝手に引き戻す");
      assertThat(refused.status()).as(other).isEqualTo(404);
    }
    assertThat(recallDecision("ga-device-manager", "no-such-task", "x").status()).isEqualTo(404);
    assertThat(recallDecision("ga-device-manager", decided.getId(), "").status()).isEqualTo(400);
    assertUntouched(byod, "sectionIsoReview", "ga-chief");
  }

  @Test
  void theEngineRestModificationStaysRefusedToTheAuthorizerOnEveryPath() {
    // Given a request the device-manager approved, waiting for ga-chief
    ProcessInstance byod = start(APPLICANT, "byod-permission", protectedByod());
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", APPROVE);
    List<Map<String, String>> instructions = List.of(
        Map.of("type", "startBeforeActivity", "activityId", "deviceManagerReview"),
        Map.of("type", "cancel", "activityId", "sectionIsoReview"));

    // When the authorizer and the applicant try the engine's own modification instead of the recall
    for (String user : List.of("ga-device-manager", APPLICANT)) {
      for (EngineClient client : EngineClient.allPaths(port, user)) {
        Http.Reply reply = client.post("/process-instance/" + byod.getId() + "/modification",
            Http.json(Map.of("instructions", instructions)));
        // Then it is refused, and nothing changed
        assertThat(reply.status()).as("%s %s", user, client).isEqualTo(403);
      }
    }
    assertUntouched(byod, "sectionIsoReview", "ga-chief");
  }

  @Test
  void aRecallRacingTheNextStepsDecisionEitherWinsOrIsRefusedNeverBoth() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        // Given the device-manager's approval, ga-chief's review open
        ProcessInstance byod = start(APPLICANT, "byod-permission", protectedByod());
        Task decided = task(byod, "deviceManagerReview");
        complete(decided, "ga-device-manager", APPROVE);
        String next = task(byod, "sectionIsoReview").getId();

        // When the device-manager recalls while ga-chief decides
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        var recall = pool.submit(() -> {
          go.await();
          return recallDecision("ga-device-manager", decided.getId(), "同時の引戻し");
        });
        var decide = pool.submit(() -> {
          go.await();
          return EngineClient.basic(port, "ga-chief").post("/task/" + next + "/complete", Http.variables(APPROVE));
        });
        go.countDown();
        Http.Reply recalled = recall.get(60, java.util.concurrent.TimeUnit.SECONDS);
        Http.Reply completed = decide.get(60, java.util.concurrent.TimeUnit.SECONDS);

        // Then exactly one took effect, the other was refused without a server error
        assertThat(recalled.status()).as(recalled.body()).isLessThan(500);
        assertThat(completed.status()).as(completed.body()).isLessThan(500);
        if (recalled.status() == 200) {
          assertThat(completed.status()).as(completed.body()).isBetween(400, 499);
          assertThat(byod).isWaitingAt("deviceManagerReview");
          assertThat(history().createHistoricActivityInstanceQuery().processInstanceId(byod.getId())
              .activityId("recordSectionDecision").count()).isZero();
        } else {
          assertThat(recalled.status()).isEqualTo(409);
          assertThat(completed.status()).isEqualTo(204);
          assertThat(recalls(byod)).isEmpty();
          assertThat(task(byod, "deviceManagerReview")).isNull();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  org.camunda.bpm.engine.HistoryService history() {
    return engine.getHistoryService();
  }

  // ------------------------------------------------------------ helpers

  /** A byod request with protected information (confidentiality 2): the device-manager, then the section-iso. */
  static Map<String, Object> protectedByod() {
    Map<String, Object> values = new HashMap<>(ByodPermissionProcessTest.publicInformation());
    values.put("confidentiality", "2");
    values.put("information", "会議資料（機密性2）");
    for (String measure : List.of("mScreenLock", "mEncryption", "mOsUpdates", "mAntiMalware", "mRemoteWipe", "mNoJailbreak")) {
      values.put(measure, true);
    }
    return values;
  }

  Http.Reply recallCase(String user, ProcessInstance instance, String reason) {
    return http.post(user, "/api/cases/" + instance.getId() + "/recall", Http.json(Map.of("reason", reason)));
  }

  Http.Reply recallDecision(String user, String taskId, String reason) {
    return http.post(user, "/api/my/decisions/" + taskId + "/recall", Http.json(Map.of("reason", reason)));
  }

  List<com.fasterxml.jackson.databind.JsonNode> recallable(String user) {
    Http.Reply reply = http.get(user, "/api/my/recallable-decisions");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    List<com.fasterxml.jackson.databind.JsonNode> rows = new java.util.ArrayList<>();
    reply.json().forEach(rows::add);
    return rows;
  }

  com.fasterxml.jackson.databind.JsonNode page(String user, ProcessInstance instance) {
    Http.Reply reply = http.get(user, "/api/cases/" + instance.getId());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  List<String> recalls(ProcessInstance instance) {
    return jdbc.queryForList("select kind || ':' || person_id || ':' || step from apr_recall where process_instance_id = ? "
        + "order by id", String.class, instance.getId());
  }

  List<String> openSteps(ProcessInstance instance) {
    return tasks.createTaskQuery().processInstanceId(instance.getId()).list().stream()
        .map(t -> t.getTaskDefinitionKey() + ":" + t.getAssignee() + ":" + t.getId()).sorted().toList();
  }

  /** Still waiting at {@code step} held by {@code holder}; no recall recorded and no recall mail sent. */
  void assertUntouched(ProcessInstance instance, String step, String holder) {
    assertThat(instance).isWaitingAt(step);
    assertThat(task(instance, step).getAssignee()).isEqualTo(holder);
    assertThat(recalls(instance)).isEmpty();
    assertThat(mails(instance)).noneMatch(m -> m.startsWith("cases/recalled"));
    assertThat(jdbc.queryForObject("select count(*) from apr_routing_decision where process_instance_id = ? "
        + "and decision = 'recalled'", Integer.class, instance.getId())).isZero();
  }
}
