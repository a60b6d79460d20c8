package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.exception.ExceptionMeasureProcessTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Item 2 of the outsider's report: a case must take its modelled path. Starting at an inner activity,
 * skipping listeners or I/O mappings, modification, restart and migration are refused to everyone but
 * administrators on every path; and when an administrator does use them, routing and Art. 16 still run.
 */
class ProcessPathAttackTest extends PlatformTest {

  @LocalServerPort int port;
  @Autowired AuthorizationService authorizations;

  @Test
  void anEmployeeCannotStartAMediaCarryOutPastItsPermissionOnAnyPath() {
    long cases = count("apr_case");
    long carryOuts = count("apr_media_carry_out");
    long instances = runtime.createProcessInstanceQuery().processDefinitionKey("media-carry-out").count();
    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      for (Map<String, Object> instructions : List.of(
          Map.<String, Object>of("type", "startBeforeActivity", "activityId", "returnDue"),
          Map.<String, Object>of("type", "startAfterActivity", "activityId", "recordPermission"),
          Map.<String, Object>of("type", "startBeforeActivity", "activityId", "carryOutRequested"))) {
        Http.Reply reply = client.post("/process-definition/key/media-carry-out/start",
            Http.json(Map.of("variables", Http.variableValues(MediaCarryOutProcessTest.carryOut("3", "1", "1")),
                "startInstructions", List.of(instructions))));

        assertThat(reply.status()).as("%s %s", client, instructions).isEqualTo(403);
        assertThat(reply.json().get("message").asText()).contains("管理者だけ");
      }
    }
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("media-carry-out").count()).isEqualTo(instances);
    assertThat(count("apr_case")).isEqualTo(cases);
    assertThat(count("apr_media_carry_out")).as("nothing is carried out").isEqualTo(carryOuts);
  }

  @Test
  void anEmployeeCannotSkipTheListenersOrMappingsOfAnExceptionOnAnyPath() {
    long ledger = count("apr_exception_ledger");
    long instances = runtime.createProcessInstanceQuery().processDefinitionKey("exception-measure").count();
    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      for (String skip : List.of("skipCustomListeners", "skipIoMappings")) {
        Map<String, Object> body = Map.of("variables", Http.variableValues(ExceptionMeasureProcessTest.application()),
            "startInstructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "applicationSubmitted")),
            skip, true);

        Http.Reply reply = client.post("/process-definition/key/exception-measure/start", Http.json(body));

        assertThat(reply.status()).as("%s %s", client, skip).isEqualTo(403);
      }
      // Skipping without instructions is refused by the engine itself, and must not look like a server fault.
      Http.Reply plain = client.post("/process-definition/key/exception-measure/start",
          Http.json(Map.of("variables", Http.variableValues(ExceptionMeasureProcessTest.application()), "skipCustomListeners", true)));
      assertThat(plain.status()).as("%s without instructions", client).isBetween(400, 403);
    }
    assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("exception-measure").count()).isEqualTo(instances);
    assertThat(count("apr_exception_ledger")).as("nothing is written to the ledger").isEqualTo(ledger);
  }

  @Test
  void modificationRestartAndMigrationAreRefusedEvenWithAWronglyGrantedRight() {
    String instance = startSample("ga-staff");
    String definition = runtime.createProcessInstanceQuery().processInstanceId(instance).singleResult()
        .getProcessDefinitionId();
    // A misconfigured grant must not open the path: the guard looks at the command, not at the rights.
    grant("ga-chief", Resources.PROCESS_INSTANCE, instance, Permissions.ALL);
    grant("ga-chief", Resources.PROCESS_DEFINITION, "sample-approval", Permissions.ALL);
    List<Map<String, String>> instructions = List.of(Map.of("type", "startBeforeActivity", "activityId", "notifyApproved"));
    long batches = management.createBatchQuery().count();

    for (String user : List.of("ga-chief", "ga-staff")) {
      for (EngineClient client : EngineClient.allPaths(port, user)) {
        List<Http.Reply> replies = List.of(
            client.post("/process-instance/" + instance + "/modification", Http.json(Map.of("instructions", instructions))),
            client.post("/modification/execute", Http.json(Map.of("processDefinitionId", definition,
                "instructions", instructions, "processInstanceIds", List.of(instance)))),
            client.post("/modification/executeAsync", Http.json(Map.of("processDefinitionId", definition,
                "instructions", instructions, "processInstanceIds", List.of(instance)))),
            client.post("/process-definition/" + definition + "/restart", Http.json(Map.of(
                "instructions", instructions, "processInstanceIds", List.of(instance)))),
            client.post("/migration/execute", Http.json(Map.of("migrationPlan", Map.of(
                "sourceProcessDefinitionId", definition, "targetProcessDefinitionId", definition,
                "instructions", List.of(Map.of("sourceActivityIds", List.of("reviewRequest"),
                    "targetActivityIds", List.of("reviewRequest")))), "processInstanceIds", List.of(instance)))));

        assertThat(replies).as("%s", client).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(403));
      }
    }
    ActivityInstance tree = runtime.getActivityInstance(instance);
    assertThat(tree.getChildActivityInstances()).extracting(ActivityInstance::getActivityId).containsExactly("reviewRequest");
    assertThat(management.createBatchQuery().count()).as("no batch was created").isEqualTo(batches);
    assertThat(history().createHistoricActivityInstanceQuery().processInstanceId(instance).activityId("notifyApproved")
        .count()).isZero();
  }

  @Test
  void anAdministratorMayStartAtTheApprovalYetTheRoutingAndTheGuardStillRun() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("variables", Http.variableValues(Map.of("title", "管理者による途中開始", "confidentiality", "1")));
    body.put("startInstructions", List.of(Map.of("type", "startBeforeActivity", "activityId", "reviewRequest")));
    body.put("skipCustomListeners", true);
    body.put("skipIoMappings", true);

    Http.Reply reply = EngineClient.named(port, "admin").post("/process-definition/key/sample-approval/start", Http.json(body));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    String instance = reply.json().get("id").asText();
    Task review = tasks.createTaskQuery().processInstanceId(instance).singleResult();
    String routed = jdbc.queryForObject("select assignee from apr_routing_decision where task_id = ?", String.class,
        review.getId());
    assertThat(review.getAssignee()).as("the router ran although custom listeners were skipped").isEqualTo(routed)
        .isNotNull().isNotEqualTo("admin");
    assertThat(jdbc.queryForObject("select applicant_id from apr_case where process_instance_id = ?", String.class,
        instance)).as("Art. 16: the applicant is the signed-in administrator").isEqualTo("admin");
  }

  private String startSample(String user) {
    return EngineClient.basic(port, user).post("/process-definition/key/sample-approval/start",
        Http.variables(Map.of("title", "経路の改ざん", "confidentiality", "1"))).json().get("id").asText();
  }

  private void grant(String user, Resources resource, String id, Permissions permission) {
    Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    grant.setUserId(user);
    grant.setResource(resource);
    grant.setResourceId(id);
    grant.addPermission(permission);
    authorizations.saveAuthorization(grant);
  }

  private org.camunda.bpm.engine.HistoryService history() {
    return engine.getHistoryService();
  }

  private long count(String table) {
    return jdbc.queryForObject("select count(*) from " + table, Long.class);
  }
}
