package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.OpenTasks;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Section 2 of the security office's report, from the attacker's side: on every path (engine REST in both
 * spellings, Tasklist's session), nobody changes who holds a task (approval or duty), employees write no
 * variables outside a form, and the case's record stays as written, administrators included.
 */
class TaskIntegrityAttackTest extends PlatformTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FORGED = Http.json(Map.of("value", "偽造"));
  private static final Map<String, Object> FORGED_VARIABLES = Http.variableValues(Map.of("forged", "偽造"));

  @LocalServerPort int port;
  @Autowired AuthorizationService authorizations;

  /** What a refused request must leave as it was. */
  private record Snapshot(String assignee, String owner, String name, int priority, Long due, Long followUp,
      List<String> links, Map<String, Object> variables, Map<String, Object> local, int routingRows,
      List<String> mails) {
  }

  /** One request an attacker sends. */
  private record Attempt(String what, Function<EngineClient, Http.Reply> send) {
  }

  @Test
  void nobodyChangesWhoHoldsAnApprovalOrADutyTaskOnAnyPathAdministratorsIncluded() {
    Task approval = OpenTasks.approval(this, "ga-staff", Map.of());
    Task duty = OpenTasks.byodErasure(this);

    for (Task task : List.of(approval, duty)) {
      grantEverything("proc-staff", task);
      Snapshot before = snapshot(task);
      for (String user : List.of(task.getAssignee(), "admin", "proc-staff", "it-staff")) {
        // it-staff reads every task (security office) but holds no right on it: the engine may refuse first.
        boolean entitled = !user.equals("it-staff");
        for (EngineClient client : EngineClient.allPaths(port, user)) {
          for (Attempt attempt : holderChanges(task, "proc-chief")) {
            // When
            Http.Reply reply = attempt.send().apply(client);

            // Then
            assertThat(reply.status()).as("%s: %s", client, attempt.what()).isIn(403, 404, 409);
            if (entitled) {
              boolean claim = attempt.what().equals("claim for someone else");
              assertThat(reply.status()).as("%s: %s", client, attempt.what()).isEqualTo(claim ? 409 : 403);
              assertThat(reply.json().get("message").asText()).as("%s: %s", client, attempt.what())
                  .contains(claim ? "既に担当者が引き受けています" : "利用者: " + user);
            }
          }
        }
      }
      assertThat(snapshot(task)).isEqualTo(before);
    }
  }

  @Test
  void onlyTheHolderCommentsOnATaskAndNobodyRewritesOrRemovesACommentOnAnyPath() {
    Task approval = OpenTasks.approval(this, "ga-staff", Map.of());
    String holder = approval.getAssignee();
    String mine = tasks.createComment(approval.getId(), approval.getProcessInstanceId(), "確認中です").getId();

    for (EngineClient client : EngineClient.allPaths(port, "proc-staff")) {
      // When
      Http.Reply stranger = client.post("/task/" + approval.getId() + "/comment/create", "{\"message\":\"承認済みです\"}");

      // Then
      assertThat(stranger.status()).as("%s", client).isIn(400, 403, 404);
    }
    for (String user : List.of(holder, "admin")) {
      for (EngineClient client : EngineClient.allPaths(port, user)) {
        Http.Reply rewrite = client.put("/task/" + approval.getId() + "/comment",
            Http.json(Map.of("id", mine, "message", "書き換え")));
        Http.Reply removal = client.delete("/task/" + approval.getId() + "/comment/" + mine);

        assertThat(rewrite.status()).as("%s as %s", client, user).isEqualTo(403);
        assertThat(removal.status()).as("%s as %s", client, user).isEqualTo(403);
      }
    }
    assertThat(tasks.getTaskComments(approval.getId())).extracting(c -> c.getFullMessage()).containsExactly("確認中です");

    Http.Reply own = EngineClient.tasklist(port, holder).post("/task/" + approval.getId() + "/comment/create",
        "{\"message\":\"申請者に確認します\"}");

    assertThat(own.status()).as(own.body()).isEqualTo(200);
    assertThat(tasks.getTaskComments(approval.getId())).hasSize(2);
  }

  @Test
  void aTaskOfferedToAGroupLeavesItsHolderOnlyBackToTheGroupAndIsClaimedOnlyForOneself() {
    Task duty = OpenTasks.byodErasure(this);
    // The platform offers the step to a group (as a BPMN candidate group would).
    tasks.addCandidateGroup(duty.getId(), "unit-ga-dept");

    for (EngineClient client : EngineClient.allPaths(port, "proc-staff")) {
      assertThat(client.post("/task/" + duty.getId() + "/unclaim", "{}").status()).as("%s", client).isEqualTo(403);
    }
    assertThat(holder(duty)).isEqualTo("ga-staff");

    assertThat(EngineClient.tasklist(port, "admin").post("/task/" + duty.getId() + "/unclaim", "{}").status())
        .isEqualTo(204);
    assertThat(holder(duty)).as("back with the group").isNull();
    for (EngineClient client : EngineClient.allPaths(port, "ga-chief")) {
      Http.Reply claim = client.post("/task/" + duty.getId() + "/claim", "{\"userId\":\"ga-director\"}");

      assertThat(claim.status()).as("%s", client).isEqualTo(403);
      assertThat(claim.json().get("message").asText()).contains("代わりに引き受けることはできません");
    }
    assertThat(holder(duty)).isNull();
    assertThat(tasks.getIdentityLinksForTask(duty.getId()))
        .anyMatch(link -> "unit-ga-dept".equals(link.getGroupId()) && "candidate".equals(link.getType()));
  }

  @Test
  void theHolderSetsAFollowUpDateAsTasklistDoesButNothingElseWithIt() throws Exception {
    Task approval = OpenTasks.approval(this, "ga-staff", Map.of());
    Task duty = OpenTasks.byodErasure(this);

    for (Task task : List.of(approval, duty)) {
      int day = 1;
      for (EngineClient client : EngineClient.allPaths(port, task.getAssignee())) {
        Snapshot before = snapshot(task);
        // Tasklist sends back the task it read, with the follow-up date changed.
        ObjectNode sent = (ObjectNode) client.get("/task/" + task.getId()).json();
        Date followUp = new Date(System.currentTimeMillis() + day++ * 86_400_000L);
        sent.put("followUp", restDate(followUp));

        Http.Reply reply = client.put("/task/" + task.getId(), JSON.writeValueAsString(sent));

        assertThat(reply.status()).as("%s", client).isEqualTo(204);
        Snapshot after = snapshot(task);
        assertThat(after.followUp()).isEqualTo(followUp.getTime());
        assertThat(after).usingRecursiveComparison().ignoringFields("followUp").isEqualTo(before);

        sent.put("followUp", restDate(new Date(followUp.getTime() + 3_600_000L)));
        sent.put("due", restDate(followUp));
        Http.Reply alsoDue = client.put("/task/" + task.getId(), JSON.writeValueAsString(sent));

        assertThat(alsoDue.status()).as("%s", client).isEqualTo(403);
        assertThat(alsoDue.json().get("message").asText()).contains("フォローアップ日だけ", "期限");
        assertThat(snapshot(task)).isEqualTo(after);
      }
    }
  }

  @Test
  void employeesWriteNoVariableOutsideAFormOnAnyPath() {
    Task approval = OpenTasks.approval(this, "ga-staff", Map.of());
    Task duty = OpenTasks.byodErasure(this);

    for (Task task : List.of(approval, duty)) {
      grantEverything("proc-staff", task);
      Snapshot before = snapshot(task);
      String existing = task == approval ? "title" : "purpose";
      for (String user : new LinkedHashSet<>(List.of(task.getAssignee(), "ga-staff", "proc-staff", "it-staff"))) {
        for (EngineClient client : EngineClient.allPaths(port, user)) {
          for (Attempt attempt : variableWrites(task, existing)) {
            // When
            Http.Reply reply = attempt.send().apply(client);

            // Then
            assertThat(reply.status()).as("%s: %s", client, attempt.what()).isEqualTo(403);
            assertThat(reply.json().get("message").asText()).as("%s: %s", client, attempt.what())
                .contains("フォームを完了");
          }
        }
      }
      assertThat(snapshot(task)).isEqualTo(before);
    }
  }

  @Test
  void anAdministratorMayCorrectACaseVariableButNotItsRecord() {
    Task approval = OpenTasks.approval(this, "ga-staff", Map.of());
    String instance = approval.getProcessInstanceId();

    Http.Reply correction = EngineClient.basic(port, "admin").put("/process-instance/" + instance + "/variables/title",
        Http.json(Map.of("value", "件名の訂正")));

    assertThat(correction.status()).isEqualTo(204);
    assertThat(runtime.getVariable(instance, "title")).isEqualTo("件名の訂正");
  }

  @Test
  void theRecordOfACaseIsRewrittenByNobodyOnAnyPathAdministratorsAndCompletionsIncluded() {
    Task approval = OpenTasks.approval(this, "ga-staff", Map.of());
    Task duty = OpenTasks.byodErasure(this);
    Map<Task, Map<String, Object>> completions = Map.of(
        approval, Map.of("decision", "approve", "decisionComment", "", "applicant", "ga-chief"),
        duty, Map.of("informationErased", true, "erasureNote", "初期化した", "permitNumber", "BYOD-0000"));

    for (Task task : List.of(approval, duty)) {
      Snapshot before = snapshot(task);
      String instance = task.getProcessInstanceId();
      String record = task == approval ? "applicant" : "permitNumber";
      for (EngineClient client : EngineClient.allPaths(port, "admin")) {
        for (Attempt attempt : recordRewrites(task, record)) {
          // When
          Http.Reply reply = attempt.send().apply(client);

          // Then
          assertThat(reply.status()).as("%s: %s", client, attempt.what()).isEqualTo(403);
          assertThat(reply.json().get("message").asText()).as("%s: %s", client, attempt.what())
              .contains("変更・削除できません", "（管理者を含む）");
        }
      }
      for (EngineClient client : EngineClient.allPaths(port, task.getAssignee())) {
        for (String submit : List.of("/complete", "/submit-form")) {
          Http.Reply reply = client.post("/task/" + task.getId() + submit, Http.variables(completions.get(task)));

          assertThat(reply.status()).as("%s %s", client, submit).isEqualTo(403);
          assertThat(reply.json().get("message").asText()).contains("記録済み", "（" + record + "）");
        }
      }
      assertThat(snapshot(task)).isEqualTo(before);
      assertThat(runtime.getVariable(instance, record)).isNotNull();
    }
    assertThat(tasks.getVariableLocal(approval.getId(), "routingReason").toString()).doesNotContain("偽造");
  }

  private List<Attempt> holderChanges(Task task, String other) {
    String path = "/task/" + task.getId();
    String forgedTask = "forged-" + UUID.randomUUID();
    List<Attempt> attempts = new ArrayList<>(List.of(
        new Attempt("set the assignee", c -> c.post(path + "/assignee", userId(other))),
        new Attempt("unclaim", c -> c.post(path + "/unclaim", "{}")),
        new Attempt("claim for someone else", c -> c.post(path + "/claim", userId(other))),
        new Attempt("delegate", c -> c.post(path + "/delegate", userId(other))),
        new Attempt("resolve", c -> c.post(path + "/resolve", "{\"variables\":{}}")),
        new Attempt("add a candidate user", c -> c.post(path + "/identity-links", link("userId", other, "candidate"))),
        new Attempt("add a candidate group", c -> c.post(path + "/identity-links", link("groupId", "employees",
            "candidate"))),
        new Attempt("set the owner by a link", c -> c.post(path + "/identity-links", link("userId", other, "owner"))),
        new Attempt("add a link of any type", c -> c.post(path + "/identity-links", link("userId", other, "watcher"))),
        new Attempt("delete the assignee link", c -> c.post(path + "/identity-links/delete",
            link("userId", task.getAssignee(), "assignee"))),
        new Attempt("create a standalone task", c -> c.post("/task/create", Http.json(Map.of("id", forgedTask,
            "name", "偽のタスク", "assignee", other)))),
        new Attempt("end the task by a BPMN error", c -> c.post(path + "/bpmnError", "{\"errorCode\":\"x\"}")),
        new Attempt("end the task by an escalation", c -> c.post(path + "/bpmnEscalation",
            "{\"escalationCode\":\"x\"}"))));
    for (Map.Entry<String, Object> change : Map.<String, Object>of("assignee", other, "owner", other,
        "name", "偽の名前", "priority", 99, "due", restDate(new Date())).entrySet()) {
      attempts.add(new Attempt("PUT the task with another " + change.getKey(), c -> {
        Map<String, Object> body = taskBody(task);
        body.put(change.getKey(), change.getValue());
        return c.put(path, Http.json(body));
      }));
    }
    return attempts;
  }

  private List<Attempt> variableWrites(Task task, String existing) {
    String taskPath = "/task/" + task.getId();
    String instance = task.getProcessInstanceId();
    String execution = "/execution/" + instance;
    return List.of(
        new Attempt("PUT a task variable", c -> c.put(taskPath + "/variables/forged", FORGED)),
        new Attempt("PUT a task-local variable", c -> c.put(taskPath + "/localVariables/forged", FORGED)),
        new Attempt("POST task variables", c -> c.post(taskPath + "/variables", modifications())),
        new Attempt("POST task-local variables", c -> c.post(taskPath + "/localVariables", modifications())),
        new Attempt("DELETE a task variable", c -> c.delete(taskPath + "/variables/" + existing)),
        new Attempt("DELETE a task-local variable", c -> c.delete(taskPath + "/localVariables/forged")),
        new Attempt("POST task variable deletions", c -> c.post(taskPath + "/variables",
            Http.json(Map.of("deletions", List.of(existing))))),
        new Attempt("PUT a process variable", c -> c.put("/process-instance/" + instance + "/variables/forged",
            FORGED)),
        new Attempt("POST process variables", c -> c.post("/process-instance/" + instance + "/variables",
            modifications())),
        new Attempt("DELETE a process variable", c -> c.delete("/process-instance/" + instance + "/variables/"
            + existing)),
        new Attempt("PUT an execution-local variable", c -> c.put(execution + "/localVariables/forged", FORGED)),
        new Attempt("POST execution-local variables", c -> c.post(execution + "/localVariables", modifications())),
        new Attempt("set variables in a batch", c -> c.post("/process-instance/variables-async", Http.json(Map.of(
            "processInstanceIds", List.of(instance), "variables", FORGED_VARIABLES)))),
        new Attempt("correlate a message", c -> c.post("/message", Http.json(Map.of("messageName", "forged",
            "processInstanceId", instance, "processVariables", FORGED_VARIABLES)))),
        new Attempt("correlate a message to all", c -> c.post("/message", Http.json(Map.of("messageName", "forged",
            "all", true, "processVariablesLocal", FORGED_VARIABLES)))),
        new Attempt("correlate a message in a batch", c -> c.post("/process-instance/message-async", Http.json(Map.of(
            "messageName", "forged", "processInstanceIds", List.of(instance), "variables", FORGED_VARIABLES)))),
        new Attempt("trigger a message subscription", c -> c.post(execution + "/messageSubscriptions/forged/trigger",
            Http.json(Map.of("variables", FORGED_VARIABLES)))),
        new Attempt("throw a signal", c -> c.post("/signal", Http.json(Map.of("name", "forged",
            "variables", FORGED_VARIABLES)))),
        new Attempt("signal an execution", c -> c.post(execution + "/signal", Http.json(Map.of(
            "variables", FORGED_VARIABLES)))),
        new Attempt("complete an external task", c -> c.post("/external-task/forged/complete", Http.json(Map.of(
            "workerId", "w", "variables", FORGED_VARIABLES)))),
        new Attempt("fail an external task", c -> c.post("/external-task/forged/failure", Http.json(Map.of(
            "workerId", "w", "errorMessage", "x", "retries", 0, "retryTimeout", 0,
            "localVariables", FORGED_VARIABLES)))),
        new Attempt("throw an external task's BPMN error", c -> c.post("/external-task/forged/bpmnError",
            Http.json(Map.of("workerId", "w", "errorCode", "x", "variables", FORGED_VARIABLES)))),
        new Attempt("throw a task's BPMN error", c -> c.post(taskPath + "/bpmnError", Http.json(Map.of(
            "errorCode", "x", "variables", FORGED_VARIABLES)))),
        new Attempt("throw a task's escalation", c -> c.post(taskPath + "/bpmnEscalation", Http.json(Map.of(
            "escalationCode", "x", "variables", FORGED_VARIABLES)))));
  }

  private List<Attempt> recordRewrites(Task task, String record) {
    String instance = task.getProcessInstanceId();
    Map<String, Object> rewrite = Http.variableValues(Map.of(record, "偽造"));
    List<Attempt> attempts = new ArrayList<>(List.of(
        new Attempt("PUT the record", c -> c.put("/process-instance/" + instance + "/variables/" + record, FORGED)),
        new Attempt("DELETE the record", c -> c.delete("/process-instance/" + instance + "/variables/" + record)),
        new Attempt("DELETE the applicant's name", c -> c.delete("/process-instance/" + instance
            + "/variables/applicantName")),
        new Attempt("POST the record", c -> c.post("/process-instance/" + instance + "/variables",
            Http.json(Map.of("modifications", rewrite)))),
        new Attempt("PUT the record on the task", c -> c.put("/task/" + task.getId() + "/variables/" + record, FORGED)),
        new Attempt("modify the case with the record", c -> c.post("/process-instance/" + instance + "/modification",
            Http.json(Map.of("instructions", List.of(Map.of("type", "startBeforeActivity",
                "activityId", task.getTaskDefinitionKey(), "variables", rewrite)))))),
        new Attempt("set the record in a batch", c -> c.post("/process-instance/variables-async", Http.json(Map.of(
            "processInstanceIds", List.of(instance), "variables", rewrite)))),
        new Attempt("correlate a message with the record", c -> c.post("/message", Http.json(Map.of(
            "messageName", "forged", "processInstanceId", instance, "processVariables", rewrite))))));
    if (record.equals("applicant")) {
      attempts.add(new Attempt("PUT the routing reason", c -> c.put("/task/" + task.getId()
          + "/localVariables/routingReason", FORGED)));
    } else {
      attempts.add(new Attempt("PUT the duty holder", c -> c.put("/process-instance/" + instance
          + "/variables/deviceManager", FORGED)));
    }
    return attempts;
  }

  /** A wrongly granted right on the task and its case: the guard must hold without the engine's refusal. */
  private void grantEverything(String user, Task task) {
    for (Map.Entry<Resources, String> resource : Map.of(Resources.TASK, task.getId(),
        Resources.PROCESS_INSTANCE, task.getProcessInstanceId()).entrySet()) {
      Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      grant.setUserId(user);
      grant.setResource(resource.getKey());
      grant.setResourceId(resource.getValue());
      grant.addPermission(Permissions.ALL);
      authorizations.saveAuthorization(grant);
    }
  }

  private Snapshot snapshot(Task task) {
    Task now = tasks.createTaskQuery().taskId(task.getId()).singleResult();
    List<String> links = tasks.getIdentityLinksForTask(task.getId()).stream()
        .map(link -> link.getType() + ":" + link.getUserId() + ":" + link.getGroupId()).sorted().toList();
    String instance = task.getProcessInstanceId();
    return new Snapshot(now.getAssignee(), now.getOwner(), now.getName(), now.getPriority(), time(now.getDueDate()),
        time(now.getFollowUpDate()), links, new TreeMap<>(runtime.getVariables(instance)),
        new TreeMap<>(tasks.getVariablesLocal(task.getId())),
        jdbc.queryForObject("select count(*) from apr_routing_decision where process_instance_id = ?",
            Integer.class, instance),
        jdbc.queryForList("select template || ':' || recipient_id from apr_mail_outbox where process_instance_id = ? "
            + "order by 1", String.class, instance));
  }

  private static Long time(Date date) {
    return date == null ? null : date.getTime();
  }

  private String holder(Task task) {
    return tasks.createTaskQuery().taskId(task.getId()).singleResult().getAssignee();
  }

  /** The body engine REST's {@code PUT /task/{id}} takes, as the task stands. */
  private Map<String, Object> taskBody(Task task) {
    Task now = tasks.createTaskQuery().taskId(task.getId()).singleResult();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", now.getName());
    body.put("description", now.getDescription());
    body.put("priority", now.getPriority());
    body.put("assignee", now.getAssignee());
    body.put("owner", now.getOwner());
    body.put("delegationState", now.getDelegationState());
    body.put("due", now.getDueDate() == null ? null : restDate(now.getDueDate()));
    body.put("followUp", now.getFollowUpDate() == null ? null : restDate(now.getFollowUpDate()));
    body.put("parentTaskId", now.getParentTaskId());
    body.put("caseInstanceId", now.getCaseInstanceId());
    body.put("tenantId", now.getTenantId());
    return body;
  }

  private static String restDate(Date date) {
    return new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(date);
  }

  private static String userId(String user) {
    return Http.json(Map.of("userId", user));
  }

  private static String link(String kind, String id, String type) {
    return Http.json(Map.of(kind, id, "type", type));
  }

  private static String modifications() {
    return Http.json(Map.of("modifications", FORGED_VARIABLES));
  }
}
