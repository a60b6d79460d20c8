package jp.go.jica.approval.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
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
  @DisplayName("第20条第2項: 案件開始後にCSIRT責任者が替わったとき、紛失の評価は作成時点のCSIRT責任者へ")
  void aDutyStepCreatedAfterAReorganisationGoesToTheRolesCurrentHolderArt20() throws Exception {
    // Given a carry-out started while it-director is the CSIRT head
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "1", "1"));
    assertThat(runtime.getVariable(media.getId(), "csirtHead")).isEqualTo("it-director");

    // When the CSIRT head changes, and only then the medium is reported lost
    reorganise(demoChart().replace("csirt-head: it-director", "csirt-head: it-chief"));
    fire(media, "returnDue");
    complete(task(media, "confirmReturn"), "ga-staff", Map.of("returnResult", "lost", "returnNote", "紛失"));

    // Then the evaluation is the new CSIRT head's, recorded with the article
    Task evaluation = task(media, "reportLostMedia");
    assertThat(evaluation).isAssignedTo("it-chief");
    assertThat(latestRouting(evaluation)).containsEntry("reason_code", "DUTY_ROLE_HOLDER_CHANGED")
        .containsEntry("article", "第20条第2項").containsEntry("designated_role", "csirt-head")
        .containsEntry("step_kind", "duty");
    assertThat(mails(media)).contains("task-assigned:it-chief");
  }

  @Test
  @DisplayName("第20条第2項: 開いている手順は組織図の再読込で新しい役割の担当者へ移り、両者に通知される")
  void anOpenDutyStepMovesToTheNewHolderOnReloadAndBothAreMailedArt20() throws Exception {
    // Given a loss evaluation open with the CSIRT head it-director
    ProcessInstance media = lost("ga-staff");
    Task evaluation = task(media, "reportLostMedia");
    assertThat(evaluation).isAssignedTo("it-director");
    assertThat(latestRouting(evaluation)).containsEntry("reason_code", "DUTY_ROLE").containsEntry("step_kind", "duty");

    // When the reorganisation makes it-chief the CSIRT head
    reorganise(demoChart().replace("csirt-head: it-director", "csirt-head: it-chief"));

    // Then the step is it-chief's, recorded as a re-routing under Art. 20-2, with the rights moved
    assertThat(tasks.createTaskQuery().taskId(evaluation.getId()).singleResult().getAssignee()).isEqualTo("it-chief");
    assertThat(latestRouting(evaluation)).containsEntry("reason_code", "REORGANISED");
    assertThat(latestRouting(evaluation).get("reason").toString()).contains("第20条第2項", "CSIRT責任者");
    assertThat(mails(media)).contains("task-rerouted:it-chief", "task-rerouted-away:it-director");
    assertThat(authorizations.createAuthorizationQuery().userIdIn("it-director").resourceType(Resources.TASK)
        .resourceId(evaluation.getId()).count()).as("the predecessor's rights are taken back").isZero();
    assertRefused(() -> complete(evaluation, "it-director", Map.of("incidentAssessment", "notIncident",
        "incidentResponse", "確認済み")), AuthorizationException.class, "it-director");
    complete(evaluation, "it-chief", Map.of("incidentAssessment", "notIncident", "incidentResponse", "庁舎内で発見"));
    assertThat(media).hasPassedInOrder("reportLostMedia", "incidentAssessed", "lossNotAnIncident").isEnded();
  }

  @Test
  @DisplayName("第16条: 新しい役割の担当者が案件の申請者なら、再読込後も本人ではなく上位者へ")
  void aNewHolderWhoIsTheApplicantDoesNotGetTheirOwnCaseArt16() throws Exception {
    // Given ga-chief's own lost medium, evaluated by the CSIRT head it-director
    ProcessInstance media = lost("ga-chief");
    Task evaluation = task(media, "reportLostMedia");
    assertThat(evaluation).isAssignedTo("it-director");

    // When ga-chief becomes the CSIRT head
    reorganise(demoChart().replace("csirt-head: it-director", "csirt-head: ga-chief"));

    // Then the evaluation climbs above ga-chief instead of reaching the applicant
    String holder = tasks.createTaskQuery().taskId(evaluation.getId()).singleResult().getAssignee();
    assertThat(holder).isNotEqualTo("ga-chief").isEqualTo(charts.current().superiorOf("ga-chief").orElseThrow());
    assertThat(latestRouting(evaluation).get("reason").toString()).contains("第16条第2項");
  }

  @Test
  @DisplayName("第20条第2項: 指名された後任へ、前任者の開いている担当手順が移る")
  void aNamedSuccessorTakesOverThePredecessorsOpenDutyStepsArt20() {
    // Given a loss evaluation held by it-director
    ProcessInstance media = lost("ga-staff");
    Task evaluation = task(media, "reportLostMedia");

    // When the successor is named
    int moved = handOver.handOver(media.getId(), "it-director", "it-chief", "情報システム部長による指名");

    // Then the step is the successor's, recorded and mailed
    assertThat(moved).isEqualTo(1);
    assertThat(tasks.createTaskQuery().taskId(evaluation.getId()).singleResult().getAssignee()).isEqualTo("it-chief");
    assertThat(latestRouting(evaluation)).containsEntry("reason_code", "SUCCESSOR").containsEntry("article", "第20条第2項");
    assertThat(mails(media)).contains("task-rerouted:it-chief");
    complete(evaluation, "it-chief", Map.of("incidentAssessment", "notIncident", "incidentResponse", "発見"));
    assertThat(media).isEnded();
  }

  @Test
  @DisplayName("第16条: 後任が申請者本人なら、担当手順は後任の上位者へ")
  void aSuccessorInConflictOnTheCaseClimbsArt16() {
    // Given it-chief's own lost medium
    ProcessInstance media = lost("it-chief");
    Task evaluation = task(media, "reportLostMedia");

    // When it-chief is named successor of the evaluation's holder
    handOver.handOver(media.getId(), "it-director", "it-chief", "指名");

    // Then the step goes above it-chief
    assertThat(tasks.createTaskQuery().taskId(evaluation.getId()).singleResult().getAssignee())
        .isEqualTo(charts.current().superiorOf("it-chief").orElseThrow());
  }

  private ProcessInstance lost(String applicant) {
    ProcessInstance media = start(applicant, "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "1", "1"));
    fire(media, "returnDue");
    complete(task(media, "confirmReturn"), applicant, Map.of("returnResult", "lost", "returnNote", "紛失"));
    return media;
  }

  private void reorganise(String chart) throws Exception {
    Files.writeString(ORG_CHART, chart, StandardCharsets.UTF_8);
    charts.reload("admin");
  }

  private Map<String, Object> latestRouting(Task task) {
    return jdbc.queryForMap("select * from apr_routing_decision where task_id = ? order by id desc limit 1", task.getId());
  }
}
