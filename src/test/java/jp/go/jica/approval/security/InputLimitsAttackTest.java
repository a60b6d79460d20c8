package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 12, item 8: oversized and malformed input is refused with a Japanese 400 naming the limit before
 * the database, on every way into engine REST and on the platform's own API; nothing is started, stored or
 * completed, and the platform keeps answering.
 */
class InputLimitsAttackTest extends PlatformTest {

  private static final String START = "/process-definition/key/sample-approval/start";

  @LocalServerPort int port;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void aFiveThousandCharacterValueIsRefusedBeforeTheDatabaseOnEveryPath() {
    long before = requests();
    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      Http.Reply reply = client.post(START, Http.variables(Map.of("title", "あ".repeat(5000), "confidentiality", "1")));
      assertRefused(reply, client + " 5,000 characters", "「title」", "4000 文字");
    }
    assertThat(requests()).isEqualTo(before);
  }

  @Test
  void megabyteValuesAreRefusedOnEveryPath() {
    long before = requests();
    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      for (int megabytes : List.of(1, 5)) {
        Http.Reply reply = client.post(START, Http.variables(Map.of("title", "x".repeat(megabytes * 1024 * 1024),
            "confidentiality", "1")));
        assertRefused(reply, client + " " + megabytes + " MB", "1 MB");
      }
    }
    assertThat(requests()).isEqualTo(before);
  }

  @Test
  void tenThousandVariablesAreRefusedOnEveryPath() {
    Map<String, Object> variables = new LinkedHashMap<>(Map.of("title", "変数の洪水", "confidentiality", "1"));
    for (int i = 0; i < 10_000; i++) {
      variables.put("v" + i, "x");
    }
    long before = requests();
    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      assertRefused(client.post(START, Http.variables(variables)), client + " 10,000 variables", "「variables」", "200 個");
    }
    assertThat(requests()).isEqualTo(before);
  }

  @Test
  void tenThousandOrQueriesAreRefusedAndThePlatformKeepsAnswering() {
    List<Map<String, String>> orQueries = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      orQueries.add(Map.of("name", "x" + i));
    }
    String body = Http.json(Map.of("orQueries", orQueries));
    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      assertRefused(client.post("/task?maxResults=10", body), client + " 10,000 orQueries", "orQueries", "20 件");
      assertRefused(client.post("/task/count", body), client + " 10,000 orQueries", "orQueries", "20 件");
      assertThat(client.post("/task/count", Http.json(Map.of("orQueries", orQueries.subList(0, 20)))).status())
          .as("%s twenty or-queries", client).isEqualTo(200);
    }
  }

  @Test
  void hugeArraysDeepNestingLongNamesAndBrokenJsonAreRefusedOnEveryPath() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      ids.add("id-" + i);
    }
    String deep = "[".repeat(100) + "]".repeat(100);
    long before = requests();
    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      assertRefused(client.post("/task?maxResults=10", Http.json(Map.of("processInstanceIdIn", ids))), client + " array",
          "「processInstanceIdIn」", "2000 件");
      assertRefused(client.post(START, "{\"variables\":{\"title\":{\"value\":" + deep + "}}}"), client + " depth", "20 段");
      assertRefused(client.post(START, Http.variables(Map.of("n".repeat(300), "x"))), client + " name", "255 文字");
      assertRefused(client.post(START, "{\"variables\":{\"title\":{\"value\":\"x\""), client + " broken", "JSON の形式");
      assertRefused(client.post(START, "{\"variables\" \"title\"}"), client + " malformed", "JSON の形式");
    }
    assertThat(requests()).isEqualTo(before);
  }

  @Test
  void aLongCommentAtCompletionIsRefusedAndTheTaskStaysOpen() {
    ProcessInstance request = start("ga-staff", "sample-approval", Map.of("title", "長いコメント", "confidentiality", "1"));
    Task task = task(request, "reviewRequest");
    for (EngineClient client : EngineClient.allPaths(port, "ga-chief")) {
      Http.Reply reply = client.post("/task/" + task.getId() + "/complete",
          Http.variables(Map.of("decision", "reject", "decisionComment", "理".repeat(4001))));
      assertRefused(reply, client + " comment", "4000 文字");
      Http.Reply variable = client.put("/task/" + task.getId() + "/variables/" + "n".repeat(300), "{\"value\":\"x\"}");
      assertRefused(variable, client + " variable name in the URL", "255 文字");
    }
    assertThat(task(request, "reviewRequest")).as("still open").isNotNull();
    assertThat(runtime.getVariables(request.getId())).doesNotContainKey("decisionComment");
  }

  @Test
  void thePlatformApiHasTheSameLimits() {
    Http.Reply longText = http.post("ga-staff", "/api/contracts/C-0000/events",
        Http.json(Map.of("type", "incident", "text", "x".repeat(5000))));
    Http.Reply broken = http.post("ga-staff", "/api/contracts/C-0000/events", "{\"type\":");
    Http.Reply huge = http.post("ga-staff", "/api/contracts/C-0000/events",
        Http.json(Map.of("type", "incident", "text", "x".repeat(2 * 1024 * 1024))));
    assertRefused(longText, "/api long text", "「text」", "4000 文字");
    assertRefused(broken, "/api broken JSON", "JSON の形式");
    assertRefused(huge, "/api 2 MB", "1 MB");
  }

  @Test
  void deploymentsAndTheEditorKeepALargerLimit() {
    // An administrator's diagram of 2 MB deploys; 11 MB does not, and nothing is deployed.
    long before = engine.getRepositoryService().createDeploymentQuery().count();
    Http.Reply large = deploy("large-probe", 2 * 1024 * 1024);
    Http.Reply tooLarge = deploy("too-large-probe", 11 * 1024 * 1024);
    assertThat(large.status()).as(large.body()).isEqualTo(200);
    assertRefused(tooLarge, "11 MB deployment", "10 MB");
    assertThat(engine.getRepositoryService().createDeploymentQuery().deploymentName("too-large-probe").count()).isZero();
    assertThat(engine.getRepositoryService().createDeploymentQuery().count()).isEqualTo(before + 1);
    engine.getRepositoryService().deleteDeployment(large.json().get("id").asText(), true);

    // The editor sends whole diagrams as JSON strings (administrators only).
    String xml = bpmn("editor-probe", 20_000);
    Http.Reply validation = http.post("admin", "/api/admin/deployments/validation",
        Http.json(Map.of("resourceName", "editor-probe.bpmn", "xml", xml)));
    assertThat(validation.status()).as(validation.body()).isEqualTo(200);
  }

  private long requests() {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey("sample-approval").count();
  }

  private static void assertRefused(Http.Reply reply, String what, String... named) {
    assertThat(reply.status()).as("%s: %s", what, reply.body()).isEqualTo(400);
    assertThat(reply.json().get("type").asText()).as(what).isEqualTo("InvalidRequestException");
    assertThat(reply.json().get("message").asText()).as(what).contains(named);
  }

  private Http.Reply deploy(String name, int size) {
    String boundary = "----limits" + System.nanoTime();
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\n" + name + "\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"" + name + ".bpmn\"\r\n"
        + "Content-Type: application/xml\r\n\r\n" + bpmn(name, size) + "\r\n--" + boundary + "--\r\n";
    return http.postBytes("admin", "/engine-rest/deployment/create", "multipart/form-data; boundary=" + boundary,
        head.getBytes(StandardCharsets.UTF_8));
  }

  /** A valid executable diagram padded with an XML comment to about {@code size} bytes. */
  private static String bpmn(String id, int size) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\""
        + " xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" targetNamespace=\"t\"><process id=\"" + id + "\""
        + " name=\"" + id + "\" isExecutable=\"true\" camunda:historyTimeToLive=\"1\"><!-- " + "x".repeat(size)
        + " --><startEvent id=\"s\" name=\"開始\"/></process></definitions>";
  }
}
