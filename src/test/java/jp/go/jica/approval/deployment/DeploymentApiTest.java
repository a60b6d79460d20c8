package jp.go.jica.approval.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The editor's API from both sides: what an administrator can do (list, fetch, validate, deploy,
 * see the record) and what others and forged requests cannot.
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
  void aDeploymentTheEngineCannotParseShowsTheEnginesMessageAndDeploysNothing() {
    long before = engine.getRepositoryService().createDeploymentQuery().count();

    // Well-formed, within the deployment policy (which refuses an unparseable expression itself), but a
    // gateway whose only outgoing flow has a condition: only the engine's parse finds that.
    String onlyTheEngineRefuses = BROKEN_CONDITION.replace("${a == }", "${true}").replace(" default=\"otherwise\"", "")
        .replace("<bpmn:sequenceFlow id=\"otherwise\" sourceRef=\"decide\" targetRef=\"done\" />", "");
    Http.Reply reply = new Http(port).post("admin", "/api/admin/deployments",
        Http.json(Map.of("resourceName", "editor-broken.bpmn", "xml", onlyTheEngineRefuses)));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("message").asText()).startsWith("デプロイできません").contains("decide");
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
  void anEmployeeCanNeitherListNorDeploy() {
    Http http = new Http(port);
    assertThat(http.get("ga-staff", "/api/admin/definitions").status()).isEqualTo(403);
    assertThat(http.post("ga-staff", "/api/admin/deployments",
        Http.json(Map.of("resourceName", "editor-broken.bpmn", "xml", BROKEN_CONDITION))).status()).isEqualTo(403);
    assertThat(http.get(null, "/api/admin/deployments").status()).isEqualTo(401);
  }

  @Test
  void aSessionRequestWithoutTheCsrfTokenIsRefusedAndWithItDeploysAndIsRecorded() throws Exception {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    logIn(browser, "admin");
    String token = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(send(browser, "GET", "/api/session", null, null).body()).get("csrfToken").asText();
    String dmn = Files.readString(Path.of("bpmn", "outsourcing-conditions.dmn"));
    String body = Http.json(Map.of("resourceName", "outsourcing-conditions.dmn", "xml", dmn));

    HttpResponse<String> forged = send(browser, "POST", "/api/admin/deployments", body, null);
    HttpResponse<String> real = send(browser, "POST", "/api/admin/deployments", body, token);

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("CSRFトークン");
    assertThat(real.statusCode()).isEqualTo(201);
    String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(real.body()).get("deploymentId").asText();
    assertThat(jdbc.queryForMap("select deployed_by, source, resources from apr_deployment_log where deployment_id = ?", id))
        .containsEntry("DEPLOYED_BY", "admin").containsEntry("SOURCE", "platform-editor")
        .containsEntry("RESOURCES", "outsourcing-conditions.dmn");
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
