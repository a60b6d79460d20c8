package jp.go.jica.approval.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.OpenTasks;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code POST /api/admin/tasks/{id}/reassign}: the administrator's one way to move a task, approval or duty,
 * routed again under Art. 16, recorded with who, why and from whom, with the rights moved and both people mailed.
 */
class TaskReassignmentApiTest extends PlatformTest {

  @LocalServerPort int port;
  @Autowired AuthorizationService authorizations;

  /** What a refused reassignment must leave as it was. */
  private record Holding(String assignee, List<String> records, List<String> grants, List<String> mails) {
  }

  @Test
  void withoutANamedPersonAnApprovalClimbsFromItsHolderAndTheNewHolderDecides() {
    Task review = OpenTasks.approval(this, "ga-staff", Map.of());

    // When
    Http.Reply reply = reassign("admin", review, Map.of("reason", "総務課長が長期休暇のため"));

    // Then
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("assignee").asText()).isEqualTo("ga-director");
    assertThat(reply.json().get("previousAssignee").asText()).isEqualTo("ga-chief");
    assertThat(holder(review)).isEqualTo("ga-director");
    Map<String, Object> record = lastRecord(review);
    assertThat(record).containsEntry("reason_code", "ADMIN_REASSIGNED").containsEntry("assignee", "ga-director")
        .containsEntry("designated_role", "section-iso").containsEntry("skipped", "ga-chief");
    assertThat((String) record.get("reason")).contains("管理 太郎（admin）", "前任: 総務 課長（ga-chief）",
        "総務課長が長期休暇のため", "総務 部長 へ回付");
    assertThat(tasks.getVariableLocal(review.getId(), ApprovalRouter.REASON).toString()).contains("長期休暇");
    assertThat(taskGrants("ga-director", review)).containsExactlyInAnyOrder("READ", "TASK_WORK");
    assertThat(taskGrants("ga-chief", review)).isEmpty();
    assertThat(mailsOf(review)).contains("task-reassigned:ga-director", "task-reassigned-away:ga-chief");

    Http.Reply decided = EngineClient.tasklist(port, "ga-director").post("/task/" + review.getId() + "/complete",
        Http.variables(Map.of("decision", "approve", "decisionComment", "")));

    assertThat(decided.status()).isEqualTo(204);
    assertThat(lastRecord(review)).containsEntry("decision", "approve").containsEntry("decided_by", "ga-director");
  }

  @Test
  void aDutyTaskGoesToTheNamedPersonWhoThenCompletesIt() {
    Task erasure = OpenTasks.byodErasure(this);

    // When
    Http.Reply reply = reassign("admin", erasure, Map.of("reason", "申請者が退職したため", "assignee", "ga-chief"));

    // Then
    assertThat(reply.status()).isEqualTo(200);
    assertThat(holder(erasure)).isEqualTo("ga-chief");
    Map<String, Object> record = lastRecord(erasure);
    assertThat(record).containsEntry("reason_code", "ADMIN_REASSIGNED").containsEntry("designated_role", "task-holder").containsEntry("step_kind", "duty")
        .containsEntry("designated_person", "ga-staff").containsEntry("assignee", "ga-chief");
    assertThat((String) record.get("reason")).contains("管理 太郎（admin）", "前任: 総務 花子（ga-staff）",
        "申請者が退職したため", "総務 課長（ga-chief） を指定");
    assertThat(taskGrants("ga-chief", erasure)).containsExactlyInAnyOrder("READ", "TASK_WORK");
    assertThat(taskGrants("ga-staff", erasure)).isEmpty();
    assertThat(mailsOf(erasure)).contains("task-reassigned:ga-chief", "task-reassigned-away:ga-staff");

    Http.Reply reported = EngineClient.basic(port, "ga-chief").post("/task/" + erasure.getId() + "/complete",
        Http.variables(OpenTasks.erasureReport()));

    assertThat(reported.status()).isEqualTo(204);
    assertThat(task(erasure.getProcessInstanceId(), "acknowledgeErasure")).isNotNull();
  }

  @Test
  void withoutANamedPersonADutyTaskClimbsFromItsHolder() {
    Task erasure = OpenTasks.byodErasure(this);

    Http.Reply reply = reassign("admin", erasure, Map.of("reason", "長期出張のため"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(holder(erasure)).isEqualTo("ga-chief");
    assertThat(lastRecord(erasure)).containsEntry("skipped", "ga-staff").containsEntry("designated_role", "task-holder").containsEntry("step_kind", "duty");
  }

  @Test
  void aNamedPersonInConflictOnTheCaseOrNotInTheChartIsRefusedAndNothingMoves() {
    Task review = OpenTasks.approval(this, "ga-staff", Map.of("parties", "ga-director"));
    Holding before = holding(review);

    Http.Reply party = reassign("admin", review, Map.of("reason", "休暇", "assignee", "ga-director"));
    Http.Reply applicant = reassign("admin", review, Map.of("reason", "休暇", "assignee", "ga-staff"));
    Http.Reply holderAlready = reassign("admin", review, Map.of("reason", "休暇", "assignee", "ga-chief"));
    Http.Reply stranger = reassign("admin", review, Map.of("reason", "休暇", "assignee", "nobody"));

    assertThat(party.status()).isEqualTo(409);
    assertThat(party.json().get("message").asText()).contains("第16条", "総務 部長（ga-director）", "案件の当事者");
    assertThat(applicant.status()).isEqualTo(409);
    assertThat(applicant.json().get("message").asText()).contains("第16条", "申請者");
    assertThat(holderAlready.status()).isEqualTo(409);
    assertThat(holderAlready.json().get("message").asText()).contains("既にこのタスクの担当者");
    assertThat(stranger.status()).isEqualTo(400);
    assertThat(stranger.json().get("message").asText()).contains("組織図にいません");
    assertThat(holding(review)).isEqualTo(before);
  }

  @Test
  void onlyAnAdministratorMayReassignAndOnlyWithAReason() {
    Task review = OpenTasks.approval(this, "ga-staff", Map.of());
    Holding before = holding(review);

    for (String user : List.of("ga-chief", "ga-staff", "it-director")) {
      Http.Reply basic = reassign(user, review, Map.of("reason", "自分で回したい", "assignee", "ga-director"));
      Http.Reply session = ((EngineClient.SessionClient) EngineClient.tasklist(port, user)).postRaw(path(review),
          "application/json", Http.json(Map.of("reason", "自分で回したい", "assignee", "ga-director")));

      assertThat(basic.status()).as(user).isEqualTo(403);
      assertThat(session.status()).as(user).isEqualTo(403);
      assertThat(basic.json().get("message").asText()).as(user).contains("システム管理者だけ");
    }
    Http.Reply noReason = reassign("admin", review, Map.of("assignee", "ga-director"));
    Http.Reply blankReason = reassign("admin", review, Map.of("reason", "  "));
    Http.Reply unknownTask = new Http(port).post("admin", "/api/admin/tasks/no-such-task/reassign",
        Http.json(Map.of("reason", "休暇")));

    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.json().get("message").asText()).contains("「理由」（reason）");
    assertThat(blankReason.status()).isEqualTo(400);
    assertThat(unknownTask.status()).isEqualTo(404);
    assertThat(unknownTask.json().get("message").asText()).contains("no-such-task");
    assertThat(holding(review)).isEqualTo(before);
  }

  private Http.Reply reassign(String user, Task task, Map<String, Object> body) {
    return new Http(port).post(user, path(task), Http.json(body));
  }

  private static String path(Task task) {
    return "/api/admin/tasks/" + task.getId() + "/reassign";
  }

  private String holder(Task task) {
    return tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee();
  }

  private Task task(String instance, String key) {
    return tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey(key).singleResult();
  }

  private Map<String, Object> lastRecord(Task task) {
    return jdbc.queryForMap("select * from apr_routing_decision where task_id = ? order by id desc limit 1",
        task.getId());
  }

  private List<String> taskGrants(String user, Task task) {
    return authorizations.createAuthorizationQuery().userIdIn(user).resourceType(Resources.TASK)
        .resourceId(task.getId()).list().stream()
        .flatMap(grant -> Arrays.stream(grant.getPermissions(Permissions.values())))
        .map(Permission::getName).filter(name -> !name.equals("NONE")).distinct().toList();
  }

  private List<String> mailsOf(Task task) {
    return jdbc.queryForList("select template || ':' || recipient_id from apr_mail_outbox "
        + "where process_instance_id = ?", String.class, task.getProcessInstanceId());
  }

  private Holding holding(Task task) {
    return new Holding(holder(task),
        jdbc.queryForList("select reason_code || ':' || assignee from apr_routing_decision where task_id = ? "
            + "order by id", String.class, task.getId()),
        authorizations.createAuthorizationQuery().resourceType(Resources.TASK).resourceId(task.getId()).list().stream()
            .map(Authorization::getUserId).sorted().toList(),
        mailsOf(task));
  }
}
