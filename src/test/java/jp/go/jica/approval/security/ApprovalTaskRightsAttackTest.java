package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
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
 * Item 3 of the outsider's report: the routed approver gets what deciding needs and no more, nobody
 * (an administrator included) hands an approval to someone the routing did not designate, and only
 * that person's decision is accepted.
 */
class ApprovalTaskRightsAttackTest extends PlatformTest {

  @LocalServerPort int port;
  @Autowired AuthorizationService authorizations;

  @Test
  void theRoutedApproverHoldsReadAndWorkOnTheTaskButNotUpdate() {
    Task review = review(startSample("ga-staff"));

    Authorization grant = authorizations.createAuthorizationQuery().userIdIn("ga-chief").resourceType(Resources.TASK)
        .resourceId(review.getId()).singleResult();

    assertThat(grant.isPermissionGranted(Permissions.TASK_WORK)).isTrue();
    assertThat(grant.isPermissionGranted(Permissions.READ)).isTrue();
    assertThat(grant.isPermissionGranted(Permissions.UPDATE)).isFalse();
  }

  @Test
  void theApproverCannotHandTheApprovalToAnyoneOnAnyPath() {
    Task review = review(startSample("ga-staff"));

    for (EngineClient client : EngineClient.allPaths(port, "ga-chief")) {
      List<Http.Reply> replies = List.of(
          client.post("/task/" + review.getId() + "/assignee", "{\"userId\":\"proc-staff\"}"),
          client.post("/task/" + review.getId() + "/delegate", "{\"userId\":\"proc-staff\"}"),
          client.post("/task/" + review.getId() + "/identity-links", "{\"userId\":\"proc-staff\",\"type\":\"candidate\"}"),
          client.put("/task/" + review.getId(), Http.json(Map.of("name", "x", "assignee", "proc-staff", "owner", "proc-staff"))));

      assertThat(replies).as("%s", client).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(403));
    }
    Task after = tasks.createTaskQuery().taskId(review.getId()).singleResult();
    assertThat(after.getAssignee()).isEqualTo("ga-chief");
    assertThat(after.getOwner()).isNull();
    assertThat(tasks.getIdentityLinksForTask(review.getId())).noneMatch(link -> "proc-staff".equals(link.getUserId()));
    assertThat(authorizations.createAuthorizationQuery().userIdIn("proc-staff").resourceType(Resources.TASK)
        .resourceId(review.getId()).count()).isZero();
  }

  @Test
  void theApproverCannotRewriteTheCaseOrItsRoutingOnAnyPath() {
    String instance = startSample("ga-staff");
    Task review = review(instance);

    for (EngineClient client : EngineClient.allPaths(port, "ga-chief")) {
      List<Http.Reply> replies = List.of(
          client.put("/task/" + review.getId() + "/variables/applicant", "{\"value\":\"ga-chief\"}"),
          client.put("/task/" + review.getId() + "/localVariables/routingReason", "{\"value\":\"書き換え\"}"),
          client.post("/task/" + review.getId() + "/variables",
              Http.json(Map.of("modifications", Http.variableValues(Map.of("csirtHead", "proc-staff"))))),
          client.delete("/task/" + review.getId() + "/variables/applicantName"),
          client.put("/process-instance/" + instance + "/variables/applicant", "{\"value\":\"ga-chief\"}"));

      assertThat(replies).as("%s", client).allSatisfy(reply -> assertThat(reply.status()).isIn(403, 404));
    }
    assertThat(runtime.getVariables(instance)).containsEntry("applicant", "ga-staff").doesNotContainKey("csirtHead")
        .containsKey("applicantName");
    assertThat(tasks.getVariableLocal(review.getId(), "routingReason")).isNotEqualTo("書き換え");
  }

  @Test
  void anAdministratorCannotHandTheApprovalToSomeoneTheRoutingDidNotDesignate() {
    Task review = review(startSample("ga-staff"));

    for (EngineClient client : EngineClient.allPaths(port, "admin")) {
      Http.Reply assign = client.post("/task/" + review.getId() + "/assignee", "{\"userId\":\"proc-staff\"}");

      assertThat(assign.status()).as("%s", client).isEqualTo(403);
      assertThat(assign.json().get("message").asText()).contains("ルーティング");
    }
    assertThat(tasks.createTaskQuery().taskId(review.getId()).singleResult().getAssignee()).isEqualTo("ga-chief");
  }

  @Test
  void anUnassignedApprovalCanBeClaimedByTheRoutedPersonAlone() {
    Task review = review(startSample("ga-staff"));
    // Only the platform leaves an approval without a holder (no user may: TaskIntegrityAttackTest).
    tasks.setAssignee(review.getId(), null);

    for (EngineClient client : EngineClient.allPaths(port, "admin")) {
      Http.Reply claim = client.post("/task/" + review.getId() + "/claim", "{\"userId\":\"admin\"}");

      assertThat(claim.status()).as("%s", client).isEqualTo(403);
    }
    assertThat(tasks.createTaskQuery().taskId(review.getId()).singleResult().getAssignee()).isNull();
    assertThat(EngineClient.tasklist(port, "ga-chief").post("/task/" + review.getId() + "/claim",
        "{\"userId\":\"ga-chief\"}").status()).isEqualTo(204);
    assertThat(tasks.createTaskQuery().taskId(review.getId()).singleResult().getAssignee()).isEqualTo("ga-chief");
  }

  @Test
  void onlyTheRoutedPersonsDecisionIsAcceptedWhateverRightsOthersHold() {
    Task review = review(startSample("ga-staff"));
    // A wrongly granted right (all permissions on the task) must still not make proc-staff the decider.
    Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    grant.setUserId("proc-staff");
    grant.setResource(Resources.TASK);
    grant.setResourceId(review.getId());
    grant.addPermission(Permissions.ALL);
    authorizations.saveAuthorization(grant);

    for (EngineClient client : EngineClient.allPaths(port, "proc-staff")) {
      Http.Reply reply = client.post("/task/" + review.getId() + "/complete",
          Http.variables(Map.of("decision", "approve", "decisionComment", "")));

      assertThat(reply.status()).as("%s", client).isEqualTo(403);
      assertThat(reply.json().get("message").asText()).contains("ga-chief");
    }
    assertThat(tasks.createTaskQuery().taskId(review.getId()).count()).as("still open").isOne();

    Http.Reply decided = EngineClient.tasklist(port, "ga-chief").post("/task/" + review.getId() + "/complete",
        Http.variables(Map.of("decision", "approve", "decisionComment", "")));

    assertThat(decided.status()).isEqualTo(204);
    assertThat(jdbc.queryForObject("select decided_by from apr_routing_decision where task_id = ?", String.class,
        review.getId())).isEqualTo("ga-chief");
  }

  @Test
  void claimingAnApprovalSomeoneHoldsIsAConflictNotAServerFault() {
    Task review = review(startSample("ga-staff"));

    for (EngineClient client : EngineClient.allPaths(port, "ga-chief")) {
      Http.Reply claim = client.post("/task/" + review.getId() + "/claim", "{\"userId\":\"ga-staff\"}");

      assertThat(claim.status()).as("%s", client).isEqualTo(409);
      assertThat(claim.json().get("message").asText()).contains("既に担当者が引き受けています");
    }
    assertThat(tasks.createTaskQuery().taskId(review.getId()).singleResult().getAssignee()).isEqualTo("ga-chief");
  }

  @Test
  void theApproverCannotDropTheApprovalOutOfTheirHands() {
    Task review = review(startSample("ga-staff"));

    for (EngineClient client : EngineClient.allPaths(port, "ga-chief")) {
      assertThat(client.post("/task/" + review.getId() + "/unclaim", "{}").status()).as("%s", client).isEqualTo(403);
    }
    assertThat(tasks.createTaskQuery().taskId(review.getId()).singleResult().getAssignee()).isEqualTo("ga-chief");
  }

  private String startSample(String user) {
    return EngineClient.basic(port, user).post("/process-definition/key/sample-approval/start",
        Http.variables(Map.of("title", "担当の付け替え", "confidentiality", "1"))).json().get("id").asText();
  }

  private Task review(String instance) {
    return tasks.createTaskQuery().processInstanceId(instance).taskDefinitionKey("reviewRequest").singleResult();
  }
}
