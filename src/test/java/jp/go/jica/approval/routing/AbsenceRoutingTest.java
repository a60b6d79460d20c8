package jp.go.jica.approval.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
import jp.go.jica.approval.organization.Absences;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.outsourcing.OutsourcingSelectionProcessTest;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * 代理承認 on every process with the real BPMN, DMN and org chart: an absence moves the principal's open steps
 * and new ones to the deputy and back when it ends; a deputy never gets their own request or one where they are
 * a party (Art. 16): the step then climbs from the principal.
 */
public class AbsenceRoutingTest extends PlatformTest {

  private static final AtomicInteger CASES = new AtomicInteger();

  @Autowired Absences absences;
  @Autowired OrgChartService charts;
  @Autowired ApprovalCaseRepository cases;
  @Autowired ApplicationContext context;
  @LocalServerPort int port;

  /** Starts a case of the process by {@code applicant}, with {@code party} recorded as a party to it (or null). */
  interface Starter {
    ProcessInstance start(AbsenceRoutingTest test, String applicant, String party);
  }

  /**
   * One process: its first routed step, who holds it for ga-staff's case (the principal), the deputy the chart
   * allows, and where the step climbs when the deputy may not take it.
   */
  record Scenario(String process, String step, String principal, String deputy, String climbsTo, Starter starter) {
    @Override
    public String toString() {
      return process;
    }
  }

  static Stream<Scenario> everyProcess() {
    return Stream.of(
        new Scenario("exception-measure", "reviewApplication", "ga-director", "ga-chief", "exec-admin",
            (t, applicant, party) -> t.startWithParties(applicant, "exception-measure",
                ExceptionMeasureProcessTest.application(), party)),
        new Scenario("outsourcing-selection", "draftSpecification", "ga-director", "ga-chief", "exec-admin",
            (t, applicant, party) -> t.startWithParties(applicant, "outsourcing-selection",
                OutsourcingSelectionProcessTest.plain(), party)),
        new Scenario("cloud-service-approval", "confirmTermsRisk", "ga-director", "ga-chief", "exec-admin",
            (t, applicant, party) -> t.startWithParties(applicant, "cloud-service-approval", nonConfidentialCloud(),
                party)),
        new Scenario("byod-permission", "deviceManagerReview", "ga-device-manager", "ga-chief", "ga-director",
            (t, applicant, party) -> t.startDeclaring(applicant, "byod-permission",
                ByodPermissionProcessTest.publicInformation(), "deviceManagerReview", party)),
        new Scenario("media-carry-out", "sectionIsoPermission", "ga-chief", "ga-director", "exec-admin",
            (t, applicant, party) -> t.startDeclaring(applicant, "media-carry-out",
                MediaCarryOutProcessTest.carryOut("1", "2", "1"), "sectionIsoPermission", party)),
        new Scenario("incident-response", "evaluateIncident", "it-director", "ciso", "deputy-ciso",
            (t, applicant, party) -> t.startDeclaring(applicant, "incident-response",
                IncidentResponseProcessTest.report("代理の確認"), "evaluateIncident", party)),
        new Scenario("rule-change", "approveRuleChange", "it-director", "ciso", "deputy-ciso",
            AbsenceRoutingTest::proposeRuleChange));
  }

  @AfterEach
  void endEveryAbsence() {
    for (Absences.Absence absence : absences.list(false)) {
      absences.end("admin", absence.id());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyProcess")
  @DisplayName("代理承認: 不在の間は開いている手順も新しい手順も代理者へ移り、不在が終わると本来の許可権限者へ戻る")
  void anAbsenceMovesOpenAndNewStepsToTheDeputyAndBack(Scenario s) {
    // Given a case waiting for the principal, one where the deputy is a party, and nobody away
    ProcessInstance open = s.starter().start(this, applicantFor(s), null);
    Task openStep = task(open, s.step());
    assertThat(openStep.getAssignee()).as("the principal holds it before the absence").isEqualTo(s.principal());
    ProcessInstance party = s.starter().start(this, applicantFor(s), s.deputy());
    Task partyStep = task(party, s.step());
    assertThat(partyStep.getAssignee()).isEqualTo(s.principal());

    // When the principal registers an absence from now with the deputy
    Absences.Absence absence = absences.register(s.principal(), null, s.deputy(), Instant.now().minusSeconds(60),
        Instant.now().plus(Duration.ofDays(3)), "海外出張");

    // Then the open step is the deputy's, recorded as 代理 with the principal's name and the period, both mailed
    assertThat(assignee(openStep)).isEqualTo(s.deputy());
    assertThat(reasonCode(openStep)).isEqualTo("DEPUTY");
    assertThat(reason(openStep)).contains("代理（本来の許可権限者: " + name(s.principal()) + "、" + absence.period() + "）");
    assertThat(mails(open)).contains("task-rerouted:" + s.deputy(), "task-rerouted-away:" + s.principal());
    assertThat(grants(s.principal(), openStep)).as("the principal keeps no right on the task or its history").isZero();
    // and where the deputy is a party the step climbs from the principal instead
    assertThat(assignee(partyStep)).as("a deputy who is a party does not get it").isEqualTo(s.climbsTo())
        .isNotEqualTo(s.deputy());
    assertThat(reason(partyStep)).contains(name(s.principal()) + "（不在 ");

    // When new cases arrive: another one, and the deputy's own
    Task newStep = task(s.starter().start(this, applicantFor(s), null), s.step());
    Task ownStep = task(s.starter().start(this, s.deputy(), null), s.step());

    // Then the new one is the deputy's, and the deputy's own climbs from the principal
    assertThat(newStep.getAssignee()).isEqualTo(s.deputy());
    assertThat(reasonCode(newStep)).isEqualTo("DEPUTY");
    assertThat(ownStep.getAssignee()).as("the deputy never gets their own request").isEqualTo(s.climbsTo());
    assertThat(reasonCode(ownStep)).isIn("ABSENT", "APPLICANT_IS_AUTHORIZER", "APPLICANT");
    assertThat(reason(ownStep)).contains(name(s.principal()) + "（不在 ");

    // When the absence ends early
    absences.end(s.principal(), absence.id());

    // Then every undecided step is the principal's again, and the deputy is told
    for (Task step : List.of(openStep, partyStep, newStep)) {
      assertThat(assignee(step)).as("%s back", step.getId()).isEqualTo(s.principal());
    }
    assertThat(reason(openStep)).startsWith("代理の終了: ");
    assertThat(grants(s.deputy(), openStep)).as("nor does the deputy once it is back").isZero();
    assertThat(mails(open)).contains("task-rerouted-away:" + s.deputy(), "task-rerouted:" + s.principal());
  }

  @Test
  @DisplayName("代理承認: 代理者は自分の名前で判断し、判断の記録に代理であることと本来の許可権限者が残る。本来の許可権限者は判断できない")
  void theDeputyDecidesInTheirOwnNameAsDeputy() {
    // Given ga-director away with ga-chief as deputy, and an exception application
    absences.register("ga-director", null, "ga-chief", Instant.now().minusSeconds(60),
        Instant.now().plus(Duration.ofDays(1)), "研修");
    ProcessInstance application = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());
    Task review = task(application, "reviewApplication");

    // When the principal tries to decide, and then the deputy decides
    assertRefused(() -> complete(review, "ga-director", Map.of("decision", "approve", "decisionComment", "")),
        AuthorizationException.class, "ga-director");
    complete(review, "ga-chief", Map.of("decision", "approve", "decisionComment", ""));

    // Then the decision is the deputy's, recorded with whom they stood in for
    Map<String, Object> decided = jdbc.queryForMap("select decided_by, reason, designated_person from apr_routing_decision "
        + "where task_id = ? order by id desc limit 1", review.getId());
    assertThat(decided.values()).containsExactly("ga-chief",
        "代理（本来の許可権限者: 総務 部長、" + absences.list(false).get(0).period() + "）（指定: 例外措置の許可権限者）",
        "ga-director");
    // and the ledger and the mails name the deputy as deputy for the principal
    String asDeputy = "総務 課長（代理: 本来の許可権限者 総務 部長）";
    assertThat(jdbc.queryForObject("select authorizer_name from apr_exception_ledger where process_instance_id = ?",
        String.class, application.getId())).isEqualTo(asDeputy);
    assertThat(jdbc.queryForList("select body from apr_mail_outbox where process_instance_id = ? and template in "
        + "('request-approved', 'exception/decision-report')", String.class, application.getId()))
        .hasSize(2).allMatch(body -> body.contains("判断者: " + asDeputy));
  }

  @Test
  @DisplayName("代理承認: 代理者も不在なら代理者の代理はたどらず、本来の許可権限者から上司へ回付される")
  void aDeputyWhoIsAlsoAbsentMeansTheClimbNotTheDeputysDeputy() {
    // Given ga-director away with ga-chief as deputy, and ga-chief away too with ga-director's superior's deputy...
    absences.register("ga-director", null, "ga-chief", Instant.now().minusSeconds(60),
        Instant.now().plus(Duration.ofDays(1)), "研修");
    absences.register("ga-chief", null, "ga-director", Instant.now().minusSeconds(60),
        Instant.now().plus(Duration.ofDays(1)), "休暇");

    // When ga-staff applies
    Task review = task(start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application()),
        "reviewApplication");

    // Then the step goes past the absent principal to their superior, not to the deputy's deputy
    assertThat(review.getAssignee()).isEqualTo("exec-admin");
    assertThat(reasonCode(review)).isEqualTo("ABSENT");
    assertThat(reason(review)).startsWith("不在: 総務 部長（不在 ").contains("代理者 総務 課長 も不在");
  }

  @Test
  @DisplayName("代理承認: CISOの確認は不在の間、既定の代理者である副CISOへ")
  void theCisosAcknowledgementGoesToTheDeputyCisoByDefault() {
    // Given the CISO registers an absence without naming a deputy
    Absences.Absence absence = absences.register("ciso", null, null, Instant.now().minusSeconds(60),
        Instant.now().plus(Duration.ofDays(1)), "海外出張");
    assertThat(absence.deputy()).isEqualTo("deputy-ciso");

    // When an incident reaches the CISO's acknowledgement
    ProcessInstance incident = start("ga-staff", "incident-response", IncidentResponseProcessTest.report("代理の確認"));
    Task evaluation = task(incident, "evaluateIncident");
    complete(evaluation, evaluation.getAssignee(), IncidentResponseProcessTest.anIncident("ga-dept"));

    // Then the deputy-ciso acknowledges it as deputy
    Task acknowledge = task(incident, "acknowledgeReport");
    assertThat(acknowledge.getAssignee()).isEqualTo("deputy-ciso");
    assertThat(reason(acknowledge)).contains("代理（本来の許可権限者: 最高 情報、");
    complete(acknowledge, "deputy-ciso", Map.of("decision", "approve", "decisionComment", ""));
    assertThat(task(incident, "acknowledgeReport")).isNull();
  }

  @Test
  @DisplayName("代理承認・第94条: CISOの不在中は代理者が端末利用の可否を変更でき、代理であることが記録される。不在が終われば拒まれる")
  void theCisosDeputySwitchesPersonalDevicesWhileTheCisoIsAway() {
    Http http = new Http(port);
    String off = "{\"allowed\":false,\"reason\":\"代理での停止\"}";
    // Given the deputy-ciso, not the CISO, is refused while the CISO is in
    assertThat(http.put("deputy-ciso", "/api/byod/allowed", off).status()).isEqualTo(403);

    // When the CISO is away with the deputy-ciso as deputy, and the deputy switches personal devices off
    Absences.Absence absence = absences.register("ciso", null, null, Instant.now().minusSeconds(60),
        Instant.now().plus(Duration.ofDays(1)), "海外出張");
    Http.Reply reply = http.put("deputy-ciso", "/api/byod/allowed", off);
    try {
      // Then the change is the deputy's, recorded as deputy for the CISO
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      assertThat(jdbc.queryForMap("select changed_by, changed_by_name from apr_byod_switch_change order by id desc limit 1")
          .values()).containsExactly("deputy-ciso", "副 情報（代理: 本来の許可権限者 最高 情報）");

      // And once the absence ends the deputy is refused again, and nothing changes
      absences.end("ciso", absence.id());
      long changes = jdbc.queryForObject("select count(*) from apr_byod_switch_change", Long.class);
      assertThat(http.put("deputy-ciso", "/api/byod/allowed", "{\"allowed\":true,\"reason\":\"再開\"}").status())
          .isEqualTo(403);
      assertThat(jdbc.queryForObject("select count(*) from apr_byod_switch_change", Long.class)).isEqualTo(changes);
    } finally {
      assertThat(http.put("ciso", "/api/byod/allowed", "{\"allowed\":true,\"reason\":\"再開\"}").status()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("代理承認: 先の日付で登録した不在は、開始時刻を過ぎた定期確認で手順を代理者へ移し、終了時刻を過ぎると戻す")
  void anAbsenceRegisteredAheadMovesTheStepsWhenItBeginsAndBackWhenItEnds() {
    // Given a carry-out waiting for ga-chief, who registers an absence starting tomorrow
    Task permission = task(start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1")),
        "sectionIsoPermission");
    Absences.Absence absence = absences.register("ga-chief", null, "ga-director", Instant.now().plus(Duration.ofDays(1)),
        Instant.now().plus(Duration.ofDays(2)), "休暇");
    assertThat(assignee(permission)).as("nothing moves before it begins").isEqualTo("ga-chief");

    // When its start time has passed and the scheduled check runs
    jdbc.update("update apr_absence set absent_from = ? where id = ?",
        java.sql.Timestamp.from(Instant.now().minusSeconds(5)), absence.id());
    absences.applyDue();

    // Then the step is the deputy's
    assertThat(assignee(permission)).isEqualTo("ga-director");
    assertThat(reasonCode(permission)).isEqualTo("DEPUTY");

    // When its end time has passed and the check runs again (twice: it acts once)
    jdbc.update("update apr_absence set absent_to = ? where id = ?",
        java.sql.Timestamp.from(Instant.now().minusSeconds(1)), absence.id());
    absences.applyDue();
    absences.applyDue();

    // Then the step is ga-chief's again, moved back once
    assertThat(assignee(permission)).isEqualTo("ga-chief");
    assertThat(jdbc.queryForObject("select count(*) from apr_routing_decision where task_id = ? and reason like '代理の終了%'",
        Integer.class, permission.getId())).isEqualTo(1);

    // And the former deputy can no longer decide it, on any path into the engine, and nothing changes
    for (EngineClient client : EngineClient.allPaths(port, "ga-director")) {
      Http.Reply reply = client.post("/task/" + permission.getId() + "/complete",
          "{\"variables\":{\"decision\":{\"value\":\"approve\"},\"decisionComment\":{\"value\":\"\"}}}");
      assertThat(reply.status()).as("%s %s", client, reply.body()).isIn(403, 404);
    }
    assertThat(assignee(permission)).as("still open and ga-chief's").isEqualTo("ga-chief");
    assertThat(jdbc.queryForObject("select count(*) from apr_routing_decision where task_id = ? and decision is not null",
        Integer.class, permission.getId())).isZero();
  }

  @Test
  @DisplayName("代理承認・第20条第2項: 役割の担当手順（CSIRT責任者の外務省への報告）も不在の間は代理者へ移り、戻る")
  void aDutyRoleStepMovesToTheDeputyAndBack() {
    // Given an incident whose report to the Ministry waits for the CSIRT head it-director
    ProcessInstance incident = start("ga-staff", "incident-response", IncidentResponseProcessTest.report("役割の代理"));
    Task evaluation = task(incident, "evaluateIncident");
    complete(evaluation, evaluation.getAssignee(), IncidentResponseProcessTest.anIncident("ga-dept"));
    Task notification = task(incident, "notifyMofa");
    assertThat(notification.getAssignee()).isEqualTo("it-director");

    // When it-director is away with the CISO as deputy
    Absences.Absence absence = absences.register("it-director", null, "ciso", Instant.now().minusSeconds(60),
        Instant.now().plus(Duration.ofDays(1)), "出張");

    // Then the step is the CISO's as deputy, and back with it-director when the absence ends
    assertThat(assignee(notification)).isEqualTo("ciso");
    assertThat(reasonCode(notification)).isEqualTo("DEPUTY");
    assertThat(reason(notification)).contains("代理（本来の許可権限者: 情報 部長、", "CSIRT責任者");
    absences.end("it-director", absence.id());
    assertThat(assignee(notification)).isEqualTo("it-director");
    assertThat(reasonCode(notification)).isEqualTo("DUTY_ROLE");
  }

  @Test
  @DisplayName("代理承認: 期限超過の回付先と、確認がないときの回付先も、不在なら代理者へ")
  void overdueEscalationsAndEscalationRecipientsGoToTheDeputyOfAnAbsentPerson() {
    // Given exec-admin (ga-director's superior) and, later, ga-director away
    Absences.Absence superiorAway = absences.register("exec-admin", null, "deputy-ciso", Instant.now().minusSeconds(60),
        Instant.now().plus(Duration.ofDays(1)), "出張");
    ProcessInstance overdue = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());

    // When ga-director lets the review run overdue
    fire(overdue, "reviewOverdue");

    // Then it climbs to exec-admin, who is away: their deputy holds it for them
    Task review = task(overdue, "reviewApplication");
    assertThat(review.getAssignee()).isEqualTo("deputy-ciso");
    assertThat(reasonCode(review)).isEqualTo("DEPUTY");
    assertThat(reason(review)).startsWith("代理（本来の許可権限者: 担当 理事、");
    assertThat(mails(overdue)).contains("task-rerouted:deputy-ciso");

    // And when exec-admin is back it is theirs, as the escalation, not ga-director's who let it lapse
    absences.end("exec-admin", superiorAway.id());
    assertThat(assignee(review)).isEqualTo("exec-admin");
    assertThat(reasonCode(review)).isEqualTo("OVERDUE");

    // Given an approved exception whose end nobody confirmed, and ga-director away with ga-chief as deputy
    ProcessInstance expired = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());
    complete(task(expired, "reviewApplication"), "ga-director", Map.of("decision", "approve", "decisionComment", ""));
    fire(expired, "expiryReminderDue");
    fire(expired, "exceptionExpired");
    absences.register("ga-director", null, "ga-chief", Instant.now().minusSeconds(60),
        Instant.now().plus(Duration.ofDays(1)), "研修");

    // When the end confirmation runs overdue
    fire(expired, "endConfirmationOverdue");

    // Then the iso's confirmation goes to the deputy, who is told
    assertThat(task(expired, "confirmEscalatedEnd").getAssignee()).isEqualTo("ga-chief");
    assertThat(mails(expired)).contains("exception/end-escalated:ga-chief").doesNotContain("exception/end-escalated:ga-director");
  }

  @Test
  @DisplayName("代理承認: 期限超過で回付された手順も、回付先が不在なら代理者へ移り、戻ると回付先へ戻る（期限を過ぎた本来の担当者へは戻らない）")
  void aStepEscalatedToSomeoneWhoGoesAwayMovesToTheirDeputyAndBackToThem() {
    // Given a review escalated from ga-director to exec-admin for running overdue
    Task review = reviewEscalatedToExecAdmin();

    // When exec-admin goes away with the deputy-ciso as deputy
    Absences.Absence absence = absences.register("exec-admin", null, "deputy-ciso", Instant.now().minusSeconds(60),
        Instant.now().plus(Duration.ofDays(1)), "出張");

    // Then the deputy holds it
    assertThat(assignee(review)).isEqualTo("deputy-ciso");
    assertThat(reasonCode(review)).isEqualTo("DEPUTY");
    assertThat(reason(review)).contains("代理（本来の許可権限者: 担当 理事、");

    // When the absence ends, it is exec-admin's again, still as the escalation
    absences.end("exec-admin", absence.id());
    assertThat(assignee(review)).isEqualTo("exec-admin");
    assertThat(reasonCode(review)).isEqualTo("OVERDUE");
    assertThat(reason(review)).startsWith("代理の終了: ");
  }

  @Test
  @DisplayName("代理承認: 期限超過の回付先も代理者も続けて不在になっても、回付先が戻れば回付先へ戻る（期限を過ぎた本来の担当者へは戻らない）")
  void aStepEscalatedToSomeoneWhoseDeputyGoesAwayTooStillReturnsToThem() {
    // Given a review escalated from ga-director to exec-admin, held by exec-admin's deputy while exec-admin is away
    Task review = reviewEscalatedToExecAdmin();
    Absences.Absence away = absences.register("exec-admin", null, "deputy-ciso", Instant.now().minusSeconds(60),
        Instant.now().plus(Duration.ofDays(1)), "出張");
    assertThat(assignee(review)).isEqualTo("deputy-ciso");

    // When the deputy goes away too, and then exec-admin comes back
    String deputysDeputy = charts.current().allowedDeputies("deputy-ciso").get(0);
    absences.register("admin", "deputy-ciso", deputysDeputy, Instant.now().minusSeconds(30),
        Instant.now().plus(Duration.ofDays(1)), "研修");
    assertThat(assignee(review)).as("climbed past the absent exec-admin, not to the deputy's deputy")
        .isNotIn("exec-admin", "deputy-ciso", "ga-director");
    absences.end("exec-admin", away.id());

    // Then it is exec-admin's again, still as the escalation, not the overdue holder's
    assertThat(assignee(review)).isEqualTo("exec-admin");
    assertThat(reasonCode(review)).isEqualTo("OVERDUE");
  }

  /** An exception review that ran overdue at ga-director and was escalated to exec-admin. */
  Task reviewEscalatedToExecAdmin() {
    ProcessInstance overdue = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());
    fire(overdue, "reviewOverdue");
    Task review = task(overdue, "reviewApplication");
    assertThat(review.getAssignee()).isEqualTo("exec-admin");
    return review;
  }

  long grants(String user, Task task) {
    return engine.getAuthorizationService().createAuthorizationQuery().userIdIn(user).resourceId(task.getId()).count();
  }

  /** ga-staff for every process; the deputy's own request is started separately. */
  private static String applicantFor(Scenario s) {
    return s.process().equals("rule-change") ? "admin" : "ga-staff";
  }

  ProcessInstance startWithParties(String applicant, String process, Map<String, Object> values, String party) {
    Map<String, Object> all = new HashMap<>(values);
    if (party != null) {
      all.put("parties", party);
    }
    return start(applicant, process, all);
  }

  /** A process whose start form has no parties field: the party declares a conflict on the step instead. */
  ProcessInstance startDeclaring(String applicant, String process, Map<String, Object> values, String step,
      String party) {
    ProcessInstance instance = start(applicant, process, values);
    if (party != null) {
      cases.insertDeclaredConflict(instance.getId(), step, party, "案件の当事者");
    }
    return instance;
  }

  /** A rule change proposed from the editor; a party declares a conflict on the approval. */
  ProcessInstance proposeRuleChange(String proposer, String party) {
    String key = "absence-probe-" + CASES.incrementAndGet();
    String xml = RuleChangeProcessTest.probe(key);
    // Only administrators propose rule changes: the deputy proposing their own is one for the time being.
    boolean member = identity.createUserQuery().userId(proposer).memberOfGroup("camunda-admin").count() > 0;
    if (!member) {
      identity.createMembership(proposer, "camunda-admin");
    }
    Map<String, Object> proposal;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> proposed = (Map<String, Object>) ReflectionTestUtils.invokeMethod(
          context.getBean("ruleChanges"), "propose", proposer, key + ".bpmn", xml, "代理承認の確認");
      proposal = proposed;
    } finally {
      if (!member) {
        identity.deleteMembership(proposer, "camunda-admin");
      }
    }
    ProcessInstance instance = runtime.createProcessInstanceQuery()
        .processInstanceId((String) proposal.get("processInstanceId")).singleResult();
    if (party != null) {
      cases.insertDeclaredConflict(instance.getId(), "approveRuleChange", party, "案件の当事者");
    }
    return instance;
  }

  static Map<String, Object> nonConfidentialCloud() {
    Map<String, Object> values = CloudServiceApprovalProcessTest.confidential();
    values.put("serviceName", "代理確認用の翻訳サービス" + CASES.incrementAndGet());
    values.put("handlesConfidential", "no");
    values.put("confidentiality", "1");
    return values;
  }

  private String assignee(Task task) {
    return tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee();
  }

  private String reasonCode(Task task) {
    return latest(task, "reason_code");
  }

  private String reason(Task task) {
    return latest(task, "reason");
  }

  private String latest(Task task, String column) {
    return jdbc.queryForObject("select " + column + " from apr_routing_decision where task_id = ? order by id desc limit 1",
        String.class, task.getId());
  }

  private String name(String personId) {
    return charts.current().person(personId).orElseThrow().name();
  }
}
