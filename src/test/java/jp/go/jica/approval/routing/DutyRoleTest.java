package jp.go.jica.approval.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.incident.IncidentResponseProcessTest;
import jp.go.jica.approval.organization.OrgChartService;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Art. 20-2 for duty steps: a step the BPMN gives to a role ({@code dutyRole}) goes to whoever holds the
 * role when the task is created, and moves with every reorganisation like a routed approval. A named
 * duty moves to the successor a responsible iso names ({@link DutyHandOver}).
 */
class DutyRoleTest extends PlatformTest {

  @Autowired OrgChartService charts;
  @Autowired AuthorizationService authorizations;
  @Autowired DutyHandOver handOver;

  @BeforeEach
  void initAssertions() {
    BpmnAwareTests.init(engine);
  }

  @AfterEach
  void restoreDemoChart() throws Exception {
    Files.writeString(ORG_CHART, demoChart(), StandardCharsets.UTF_8);
    charts.reload("test-cleanup");
  }

  @Test
  @DisplayName("第20条第2項: 案件開始後にCSIRT責任者が替わったとき、外部への報告の記録は作成時点のCSIRT責任者へ")
  void aDutyStepCreatedAfterAReorganisationGoesToTheRolesCurrentHolderArt20() throws Exception {
    // Given an incident reported while it-director is the CSIRT head
    ProcessInstance incident = start("ga-staff", "incident-response", IncidentResponseProcessTest.report("誤送信"));
    assertThat(runtime.getVariable(incident.getId(), "csirtHead")).isEqualTo("it-director");

    // When the CSIRT head changes, and only then the incident is evaluated
    reorganise(demoChart().replace("csirt-head: it-director", "csirt-head: it-chief"));
    Task evaluation = task(incident, "evaluateIncident");
    complete(evaluation, evaluation.getAssignee(), IncidentResponseProcessTest.anIncident("ga-dept"));

    // Then the notification step is the new CSIRT head's, recorded with the article
    Task notification = task(incident, "notifyMofa");
    assertThat(notification).isAssignedTo("it-chief");
    assertThat(latestRouting(notification)).containsEntry("reason_code", "DUTY_ROLE_HOLDER_CHANGED")
        .containsEntry("article", "第20条第2項").containsEntry("designated_role", "csirt-head")
        .containsEntry("step_kind", "duty");
    assertThat(mails(incident)).contains("task-assigned:it-chief");
  }

  @Test
  @DisplayName("第20条第2項: 開いている手順は組織図の再読込で新しい役割の担当者へ移り、両者に通知される")
  void anOpenDutyStepMovesToTheNewHolderOnReloadAndBothAreMailedArt20() throws Exception {
    // Given a notification step open with the CSIRT head it-director
    ProcessInstance incident = atNotifications("ga-staff");
    Task notification = task(incident, "notifyMofa");
    assertThat(notification).isAssignedTo("it-director");
    assertThat(latestRouting(notification)).containsEntry("reason_code", "DUTY_ROLE").containsEntry("step_kind", "duty");

    // When the reorganisation makes it-chief the CSIRT head
    reorganise(demoChart().replace("csirt-head: it-director", "csirt-head: it-chief"));

    // Then the step is it-chief's, recorded as a re-routing under Art. 20-2, with the rights moved
    assertThat(tasks.createTaskQuery().taskId(notification.getId()).singleResult().getAssignee()).isEqualTo("it-chief");
    assertThat(latestRouting(notification)).containsEntry("reason_code", "REORGANISED");
    assertThat(latestRouting(notification).get("reason").toString()).contains("第20条第2項", "CSIRT責任者");
    assertThat(mails(incident)).contains("task-rerouted:it-chief", "task-rerouted-away:it-director");
    assertThat(authorizations.createAuthorizationQuery().userIdIn("it-director").resourceType(Resources.TASK)
        .resourceId(notification.getId()).count()).as("the predecessor's rights are taken back").isZero();
    assertRefused(() -> complete(notification, "it-director", IncidentResponseProcessTest.notified()),
        AuthorizationException.class, "it-director");
    complete(notification, "it-chief", IncidentResponseProcessTest.notified());
    assertThat(incident).hasPassed("notifyMofa");
  }

  @Test
  @DisplayName("第16条: 新しい役割の担当者が案件の報告者なら、再読込後も本人ではなく上位者へ")
  void aNewHolderWhoIsTheApplicantDoesNotGetTheirOwnCaseArt16() throws Exception {
    // Given ga-chief's own report, its notification held by the CSIRT head it-director
    ProcessInstance incident = atNotifications("ga-chief");
    Task notification = task(incident, "notifyMofa");
    assertThat(notification).isAssignedTo("it-director");

    // When ga-chief becomes the CSIRT head
    reorganise(demoChart().replace("csirt-head: it-director", "csirt-head: ga-chief"));

    // Then the step climbs above ga-chief instead of reaching the reporter
    String holder = tasks.createTaskQuery().taskId(notification.getId()).singleResult().getAssignee();
    assertThat(holder).isNotEqualTo("ga-chief").isEqualTo(charts.current().superiorOf("ga-chief").orElseThrow());
    assertThat(latestRouting(notification).get("reason").toString()).contains("第16条第2項");
  }

  @Test
  @DisplayName("第20条第2項: 指名された後任へ、前任者の開いている担当手順が移る")
  void aNamedSuccessorTakesOverThePredecessorsOpenDutyStepsArt20() {
    // Given a notification step held by it-director
    ProcessInstance incident = atNotifications("ga-staff");
    Task notification = task(incident, "notifyMofa");

    // When the successor is named
    int moved = handOver.handOver(incident.getId(), "it-director", "it-chief", "情報システム部長による指名");

    // Then the step is the successor's, recorded and mailed
    assertThat(moved).isEqualTo(1);
    assertThat(tasks.createTaskQuery().taskId(notification.getId()).singleResult().getAssignee()).isEqualTo("it-chief");
    assertThat(latestRouting(notification)).containsEntry("reason_code", "SUCCESSOR").containsEntry("article", "第20条第2項");
    assertThat(mails(incident)).contains("task-rerouted:it-chief");
    complete(notification, "it-chief", IncidentResponseProcessTest.notified());
    assertThat(incident).hasPassed("notifyMofa");
  }

  @Test
  @DisplayName("第16条: 後任が報告者本人なら、担当手順は後任の上位者へ")
  void aSuccessorInConflictOnTheCaseClimbsArt16() {
    // Given it-chief's own report
    ProcessInstance incident = atNotifications("it-chief");
    Task notification = task(incident, "notifyMofa");

    // When it-chief is named successor of the notification's holder
    handOver.handOver(incident.getId(), "it-director", "it-chief", "指名");

    // Then the step goes above it-chief
    assertThat(tasks.createTaskQuery().taskId(notification.getId()).singleResult().getAssignee())
        .isEqualTo(charts.current().superiorOf("it-chief").orElseThrow());
  }

  /** The reporter's incident, evaluated as one by the CSIRT head: the notification to the ministry is open. */
  private ProcessInstance atNotifications(String reporter) {
    ProcessInstance incident = start(reporter, "incident-response", IncidentResponseProcessTest.report("誤送信"));
    Task evaluation = task(incident, "evaluateIncident");
    complete(evaluation, evaluation.getAssignee(), IncidentResponseProcessTest.anIncident("ga-dept"));
    return incident;
  }

  private void reorganise(String chart) throws Exception {
    Files.writeString(ORG_CHART, chart, StandardCharsets.UTF_8);
    charts.reload("admin");
  }

  private Map<String, Object> latestRouting(Task task) {
    return jdbc.queryForMap("select * from apr_routing_decision where task_id = ? order by id desc limit 1", task.getId());
  }
}
