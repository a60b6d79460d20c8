package jp.go.jica.approval.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The editor's API from both sides: what an administrator can do (list, fetch, validate, propose a change,
 * see the proposals and the record) and what others and forged requests cannot; the proposal is deployed only
 * on the chief-iso's approval, on either engine REST path.
 */
class DeploymentApiTest extends PlatformTest {

  /** The chief-iso of the demo org chart (情報システム部長, Art. 12-2). */
  private static final String CHIEF_ISO = "it-director";

  @LocalServerPort int port;

  private static final String BROKEN_CONDITION = """
      <?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
          xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://jica.go.jp/approval">
        <bpmn:process id="editor-broken" isExecutable="true" camunda:historyTimeToLive="30">
          <bpmn:startEvent id="start" />
          <bpmn:exclusiveGateway id="decide" default="otherwise" />
          <bpmn:endEvent id="done" />
          <bpmn:sequenceFlow id="s1" sourceRef="start" targetRef="decide" />
          <bpmn:sequenceFlow id="when" sourceRef="decide" targetRef="done">
            <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${a == }</bpmn:conditionExpression>
          </bpmn:sequenceFlow>
          <bpmn:sequenceFlow id="otherwise" sourceRef="decide" targetRef="done" />
        </bpmn:process>
      </bpmn:definitions>
      """;

  @Test
  void anAdministratorListsTheDefinitionsAndFetchesTheRoutingDmn() {
    Http http = new Http(port);
    var definitions = http.get("admin", "/api/admin/definitions").json();
    var routing = java.util.stream.StreamSupport.stream(definitions.spliterator(), false)
        .filter(d -> d.get("key").asText().equals("approval-routing")).findFirst().orElseThrow();
    assertThat(routing.get("fileName").asText()).isEqualTo("approval-routing.dmn");

    Http.Reply xml = http.get("admin", "/api/admin/definitions/decision/" + routing.get("id").asText() + "/xml");
    assertThat(xml.status()).isEqualTo(200);
    assertThat(xml.body()).contains("mediaSectionIsoRole");
  }

  @Test
  @DisplayName("第20条第1項・第16条: 変更申請は統括情報セキュリティ責任者だけが承認でき、職員も申請した管理者も承認できない（REST の両方の経路）")
  void aProposalIsDeployedOnlyOnTheChiefIsosApprovalOnEitherRestPath() {
    Http http = new Http(port);
    String xml = RuleChangeProcessTest.probe("editor-proposal");
    var preview = http.post("admin", "/api/admin/rule-changes/preview",
        Http.json(Map.of("resourceName", "editor-proposal.bpmn", "xml", xml))).json();
    assertThat(preview.get("valid").asBoolean()).isTrue();
    assertThat(preview.get("diff").asText()).contains("+  <bpmn:process camunda:historyTimeToLive=\"30\" id=\"editor-proposal\"");
    assertThat(preview.get("summary").toString()).contains("新しい定義ファイル");

    Http.Reply proposed = http.post("admin", "/api/admin/rule-changes",
        Http.json(Map.of("resourceName", "editor-proposal.bpmn", "xml", xml, "note", "確認用の手順を追加")));
    assertThat(proposed.status()).as(proposed.body()).isEqualTo(201);
    assertThat(proposed.json().get("statusText").asText()).isEqualTo("申請中");
    assertThat(proposed.json().get("approver").asText()).isEqualTo(CHIEF_ISO);
    String taskId = tasks.createTaskQuery().processInstanceId(proposed.json().get("processInstanceId").asText())
        .singleResult().getId();
    String approve = Http.variables(Map.of("decision", "approve", "decisionComment", ""));

    // Both REST spellings and Tasklist's session path.
    for (EngineClient employee : EngineClient.allPaths(port, "ga-staff")) {
      assertThat(employee.post("/task/" + taskId + "/complete", approve).status()).as("an employee, %s", employee)
          .isIn(403, 404);
    }
    for (EngineClient proposer : EngineClient.allPaths(port, "admin")) {
      Http.Reply own = proposer.post("/task/" + taskId + "/complete", approve);
      assertThat(own.status()).as("the proposer, %s", proposer).isEqualTo(403);
      assertThat(own.body()).contains("第16条第1項");
    }
    assertThat(tasks.createTaskQuery().taskId(taskId).singleResult().getAssignee()).as("the approval still waits")
        .isEqualTo(CHIEF_ISO);
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("editor-proposal").count())
        .as("nothing deployed before the approval").isZero();
    assertThat(status(http, "editor-proposal.bpmn")).isEqualTo("申請中");

    assertThat(http.post(CHIEF_ISO, "/engine-rest/engine/default/task/" + taskId + "/complete", approve).status())
        .isEqualTo(204);

    assertThat(status(http, "editor-proposal.bpmn")).isEqualTo("承認済み・デプロイ済み");
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("editor-proposal").count())
        .isEqualTo(1);
    var history = http.get("admin", "/api/admin/deployments").json().get(0);
    assertThat(history.get("resources").asText()).isEqualTo("editor-proposal.bpmn");
    assertThat(history.get("proposedBy").asText()).isEqualTo("admin");
    assertThat(history.get("approvedBy").asText()).isEqualTo(CHIEF_ISO);
  }

  @Test
  @DisplayName("第20条第1項: 承認後にエンジンが解析できない変更は拒否され、何もデプロイされない")
  void aChangeTheEngineCannotParseIsRefusedAtDeploymentAndDeploysNothing() {
    Http http = new Http(port);
    long before = engine.getRepositoryService().createDeploymentQuery().count();
    Http.Reply proposed = http.post("admin", "/api/admin/rule-changes", Http.json(Map.of("resourceName", "editor-broken.bpmn",
        "xml", RuleChangeProcessTest.onlyTheEngineRefuses("editor-broken"), "note", "条件の見直し")));
    assertThat(proposed.status()).as(proposed.body()).isEqualTo(201);
    String taskId = tasks.createTaskQuery().processInstanceId(proposed.json().get("processInstanceId").asText())
        .singleResult().getId();

    assertThat(http.post(CHIEF_ISO, "/engine-rest/task/" + taskId + "/complete",
        Http.variables(Map.of("decision", "approve", "decisionComment", ""))).status()).isEqualTo(204);

    var proposal = http.get("admin", "/api/admin/rule-changes/" + proposed.json().get("id").asText()).json();
    assertThat(proposal.get("status").asText()).isEqualTo("REFUSED");
    assertThat(proposal.get("refusal").asText()).contains("エンジンの解析エラー", "decide");
    assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(before);
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey("editor-broken").count())
        .isZero();
  }

  @Test
  void validationNamesTheBrokenConventionInJapanese() {
    String renamed = BROKEN_CONDITION.replace("${a == }", "${true}").replace(" camunda:historyTimeToLive=\"30\"", "");

    var result = new Http(port).post("admin", "/api/admin/deployments/validation",
        Http.json(Map.of("resourceName", "another-name.bpmn", "xml", renamed))).json();

    assertThat(result.get("valid").asBoolean()).isFalse();
    assertThat(result.get("errors").toString()).contains("プロセスID", "another-name", "履歴保存期間（historyTimeToLive）");
    assertThat(new Http(port).post("admin", "/api/admin/deployments/validation",
        Http.json(Map.of("resourceName", "../../etc/passwd.bpmn", "xml", renamed))).json().get("errors").toString())
        .contains("リソース名");
  }

  @Test
  void anEmployeeCanNeitherListNorProposeAndTheEditorNoLongerDeploysDirectly() {
    Http http = new Http(port);
    String edited = Http.json(Map.of("resourceName", "editor-broken.bpmn", "xml", BROKEN_CONDITION, "note", "変更"));
    assertThat(http.get("ga-staff", "/api/admin/definitions").status()).isEqualTo(403);
    assertThat(http.post("ga-staff", "/api/admin/rule-changes", edited).status()).isEqualTo(403);
    assertThat(http.post("ga-staff", "/api/admin/rule-changes/preview", edited).status()).isEqualTo(403);
    assertThat(http.get("ga-staff", "/api/admin/rule-changes").status()).isEqualTo(403);
    assertThat(http.get(null, "/api/admin/deployments").status()).isEqualTo(401);
    // The editor's old direct deployment is gone: a change goes through the 変更申請.
    assertThat(http.post("admin", "/api/admin/deployments", edited).status()).isIn(404, 405);
  }

  @Test
  void aSessionRequestWithoutTheCsrfTokenIsRefusedAndWithItDeploysAndIsRecorded() throws Exception {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    logIn(browser, "admin");
    String token = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(send(browser, "GET", "/api/session", null, null).body()).get("csrfToken").asText();
    String body = Http.json(Map.of("resourceName", "editor-session.bpmn", "xml", RuleChangeProcessTest.probe("editor-session"),
        "note", "セッションからの申請"));
    long deployments = engine.getRepositoryService().createDeploymentQuery().count();

    HttpResponse<String> forged = send(browser, "POST", "/api/admin/rule-changes", body, null);
    HttpResponse<String> real = send(browser, "POST", "/api/admin/rule-changes", body, token);

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("CSRFトークン");
    assertThat(real.statusCode()).isEqualTo(201);
    long id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(real.body()).get("id").asLong();
    assertThat(jdbc.queryForMap("select proposed_by, status, resource_name from apr_rule_change where id = ?", id))
        .containsEntry("PROPOSED_BY", "admin").containsEntry("STATUS", "PROPOSED")
        .containsEntry("RESOURCE_NAME", "editor-session.bpmn");
    assertThat(jdbc.queryForObject("select count(*) from apr_rule_change where resource_name = 'editor-session.bpmn'",
        Long.class)).as("the forged request stored nothing").isEqualTo(1);
    assertThat(engine.getRepositoryService().createDeploymentQuery().count()).as("proposed, not deployed").isEqualTo(deployments);
  }

  @Test
  void aDeploymentFromCamundaModelerOverEngineRestIsRecordedWithItsDeployer() {
    String boundary = "----modeler";
    String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nmodeler-check\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-source\"\r\n\r\nCamunda Modeler\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"editor-modeler.bpmn\"\r\n"
        + "Content-Type: application/xml\r\n\r\n"
        + BROKEN_CONDITION.replace("${a == }", "${true}").replace("editor-broken", "editor-modeler") + "\r\n--" + boundary + "--\r\n";

    Http.Reply reply = new Http(port).postBytes("admin", "/engine-rest/deployment/create",
        "multipart/form-data; boundary=" + boundary, multipart.getBytes(StandardCharsets.UTF_8));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(jdbc.queryForMap("select deployed_by, source from apr_deployment_log where deployment_id = ?",
        reply.json().get("id").asText())).containsEntry("DEPLOYED_BY", "admin").containsEntry("SOURCE", "Camunda Modeler");
    // Art. 20-1, 24-1, 143-3: the change of procedures is reported to the chief-iso at once
    assertThat(jdbc.queryForList("select body from apr_mail_outbox where template = 'deployment/reported' "
        + "and recipient_id = ?", String.class, CHIEF_ISO)).anySatisfy(body -> assertThat(body)
        .contains("modeler-check", "Camunda Modeler", "editor-modeler.bpmn", "admin"));
  }

  private static String status(Http http, String resourceName) {
    var proposals = http.get("admin", "/api/admin/rule-changes").json();
    return java.util.stream.StreamSupport.stream(proposals.spliterator(), false)
        .filter(p -> p.get("resourceName").asText().equals(resourceName)).findFirst().orElseThrow().get("statusText").asText();
  }

  private void logIn(HttpClient client, String user) throws Exception {
    HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base() + "/camunda/app/tasklist/default/"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    String token = page.headers().firstValue("X-XSRF-TOKEN").orElseThrow();
    HttpResponse<String> login = client.send(HttpRequest.newBuilder(
            URI.create(base() + "/camunda/api/admin/auth/user/default/login/tasklist"))
        .header("X-XSRF-TOKEN", token).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=demo")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> send(HttpClient client, String method, String path, String json, String csrf)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).header("Accept", "application/json");
    if (csrf != null) {
      request.header("X-XSRF-TOKEN", csrf);
    }
    if (json == null) {
      request.GET();
    } else {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String base() {
    return "http://localhost:" + port;
  }
}
