package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Attacks through {@code /engine-rest} with real users' credentials: the engine must refuse
 * self-approval and routing tampering whatever the client, and the REST hardening must hold.
 */
class RestAttackTest extends PlatformTest {

  @LocalServerPort int port;
  @Autowired AuthorizationService authorizations;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void engineRestRequiresCredentials() {
    assertThat(http.get(null, "/engine-rest/task").status()).isEqualTo(401);
    assertThat(http.get("ph-staff:wrong", "/engine-rest/task").status()).isEqualTo(401);
  }

  @Test
  void anApplicantCannotChooseTheirApproverOrIdentityWhenStarting() {
    Http.Reply routing = start("ga-staff", Map.of("title", "x", "routingAssignee", "ga-staff"));
    Http.Reply identity = start("ga-staff", Map.of("title", "x", "applicant", "ga-chief"));

    assertThat(routing.status()).isEqualTo(403);
    assertThat(routing.json().get("message").asText()).contains("routingAssignee", "第16条");
    assertThat(identity.status()).isEqualTo(403);
    assertThat(identity.json().get("message").asText()).contains("applicant");
  }

  @Test
  void anEmployeeSeesTheirOwnRequestButNotOthers() {
    String id = start("ga-staff", Map.of("title", "自分の申請", "confidentiality", "1")).json().get("id").asText();

    assertThat(http.get("ga-staff", "/engine-rest/process-instance/" + id + "/variables/applicant").json()
        .get("value").asText()).isEqualTo("ga-staff");
    assertThat(http.get("proc-staff", "/engine-rest/process-instance?maxResults=50&processInstanceIds=" + id).json()).isEmpty();
    assertThat(http.get("proc-staff", "/engine-rest/task?maxResults=50&processInstanceId=" + id).json()).isEmpty();
    assertThat(http.get("ga-chief", "/engine-rest/task?maxResults=50&processInstanceId=" + id).json().get(0).get("assignee")
        .asText()).isEqualTo("ga-chief");
  }

  @Test
  void theApplicantCanNeverHoldOrDecideTheirOwnApprovalTask() {
    String id = start("ga-chief", Map.of("title", "課長の申請", "confidentiality", "1")).json().get("id").asText();
    String task = http.get("ga-director", "/engine-rest/task?maxResults=50&processInstanceId=" + id).json().get(0).get("id").asText();

    Http.Reply assign = http.post("admin", "/engine-rest/task/" + task + "/assignee", "{\"userId\":\"ga-chief\"}");
    assertThat(assign.status()).isEqualTo(403);
    assertThat(assign.json().get("message").asText()).contains("第16条第1項");

    // Even a misconfigured grant does not let the applicant decide: the engine checks the person.
    Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    grant.setUserId("ga-chief");
    grant.setResource(Resources.TASK);
    grant.setResourceId(task);
    grant.addPermission(Permissions.ALL);
    authorizations.saveAuthorization(grant);
    Http.Reply complete = http.post("ga-chief", "/engine-rest/task/" + task + "/complete",
        Http.variables(Map.of("decision", "approve", "decisionComment", "")));
    assertThat(complete.status()).isEqualTo(403);
    assertThat(complete.json().get("message").asText()).contains("第16条第1項", "ga-chief");

    assertThat(http.get("ga-director", "/engine-rest/task/" + task).json().get("assignee").asText())
        .isEqualTo("ga-director");
  }

  @Test
  void theApproverCannotOverrideRoutingVariablesWhenDeciding() {
    String id = start("ga-staff", Map.of("title", "承認者の改ざん", "confidentiality", "1")).json().get("id").asText();
    String task = http.get("ga-chief", "/engine-rest/task?maxResults=50&processInstanceId=" + id).json().get(0).get("id").asText();

    Http.Reply reply = http.post("ga-chief", "/engine-rest/task/" + task + "/complete",
        Http.variables(Map.of("decision", "approve", "routingReason", "書き換え")));

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.json().get("message").asText()).contains("routingReason");
  }

  @Test
  void aMissingCommentIsABadRequestNamingTheField() {
    String id = start("ga-staff", Map.of("title", "理由なし却下", "confidentiality", "1")).json().get("id").asText();
    String task = http.get("ga-chief", "/engine-rest/task?maxResults=50&processInstanceId=" + id).json().get(0).get("id").asText();

    Http.Reply reply = http.post("ga-chief", "/engine-rest/task/" + task + "/complete",
        Http.variables(Map.of("decision", "reject")));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).contains("「コメント」");
  }

  @Test
  void javaSerializedVariablesAreRefused() {
    String body = Http.json(Map.of("variables", Map.of("payload", Map.of(
        "value", "rO0ABXQABHRlc3Q=", "type", "Object",
        "valueInfo", Map.of("objectTypeName", "java.lang.String",
            "serializationDataFormat", "application/x-java-serialized-object")))));

    Http.Reply reply = http.post("ga-staff", "/engine-rest/process-definition/key/sample-approval/start", body);

    // Camunda answers this refusal with 500 (ENGINE-17007); the platform says it is the client's input.
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).contains("Java シリアライズ形式");
  }

  @Test
  void onlyAdministratorsMayDeploy() {
    assertThat(deploy("ga-staff").status()).isEqualTo(403);
    assertThat(deploy("admin").status()).isEqualTo(200);
  }

  @Test
  void taskQueriesCarryingExpressionsAreRefusedExceptTasklistsOwnInOrQueries() {
    // Camunda refuses top-level expressions in ad hoc queries; the platform refuses any expression but
    // Tasklist's own (currentUser(), currentUserGroups(), now(), dateTime()), wherever it is (QueryExpressionAttackTest).
    assertThat(http.post("ga-staff", "/engine-rest/task?maxResults=50", "{\"assigneeExpression\":\"${currentUser()}\"}")
        .status()).isEqualTo(400);
    assertThat(http.post("ga-staff", "/engine-rest/task?maxResults=50",
        "{\"orQueries\":[{\"candidateGroupsExpression\":\"${currentUserGroups()}\"}]}").status()).isEqualTo(200);
    Http.Reply arbitrary = http.post("ga-staff", "/engine-rest/task?maxResults=50",
        "{\"orQueries\":[{\"candidateGroupsExpression\":\"${'a'.concat('b')}\"}]}");
    assertThat(arbitrary.status()).isEqualTo(400);
    assertThat(arbitrary.json().get("message").asText()).contains("式");
    assertThat(http.get("ga-staff", "/engine-rest/task?maxResults=50&assigneeExpression=%24%7BcurrentUser()%7D").status())
        .isEqualTo(400);
    assertThat(http.post("admin", "/engine-rest/filter/create",
        "{\"resourceType\":\"Task\",\"name\":\"x\",\"query\":{\"assigneeExpression\":\"#{1+1}\"}}").status())
        .isEqualTo(400);
    assertThat(http.post("ga-staff", "/engine-rest/task?maxResults=50", "{\"assignee\":\"ga-staff\"}").status()).isEqualTo(200);
  }

  @Test
  void theLastAdministratorCannotBeRemovedAndSetupIsUnreachable() {
    assertThat(http.delete("admin", "/engine-rest/group/camunda-admin/members/admin").status()).isEqualTo(403);
    assertThat(http.delete("admin", "/engine-rest/user/admin").status()).isEqualTo(403);
    assertThat(http.get("admin", "/engine-rest/group/camunda-admin/members/admin").status()).isNotEqualTo(403);
    Http.Reply setup = http.post(null, "/camunda/api/admin/setup/default/user/create",
        "{\"profile\":{\"id\":\"intruder\"},\"credentials\":{\"password\":\"x\"}}");
    assertThat(setup.status()).as(setup.body()).isEqualTo(403);
  }

  Http.Reply start(String user, Map<String, Object> values) {
    return http.post(user, "/engine-rest/process-definition/key/sample-approval/start", Http.variables(values));
  }

  Http.Reply deploy(String user) {
    String boundary = "----approval" + System.nanoTime();
    String bpmn = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\""
        + " xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" targetNamespace=\"t\"><process id=\"deploy-probe\""
        + " isExecutable=\"true\" camunda:historyTimeToLive=\"1\"><startEvent id=\"s\"/></process></definitions>";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nprobe\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"deploy-probe.bpmn\"\r\n"
        + "Content-Type: application/xml\r\n\r\n" + bpmn + "\r\n--" + boundary + "--\r\n";
    return http.postBytes(user, "/engine-rest/deployment/create", "multipart/form-data; boundary=" + boundary,
        body.getBytes(StandardCharsets.UTF_8));
  }

}
