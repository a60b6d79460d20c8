package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 12, item 9: errors answer one shape, {@code {"type", "message"}}, with no SQL, MyBatis text, class
 * names or null-pointer text, on engine REST (every way in), the webapps' REST, the platform's {@code /api}
 * and Spring's {@code /error}; a server error carries a reference id that the log has with the full cause.
 */
@ExtendWith(OutputCaptureExtension.class)
class ErrorShapeTest extends PlatformTest {

  private static final String START = "/process-definition/key/sample-approval/start";
  /** What must never reach a client. */
  private static final List<String> INTERNALS = List.of("SQL", "###", "ACT_", "act_", "Exception:", "NullPointer",
      "org.", "java.", "com.", "Cannot invoke", "because \"", "\tat ", "jdbc", "h2");

  @LocalServerPort int port;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void aDatabaseErrorAnswersAGenericMessageWithAReferenceOnEveryPath(CapturedOutput log) {
    // A business key longer than its varchar(255) column reaches the database (it is below the 4000-character limit).
    long before = requests();
    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      Http.Reply reply = client.post(START, Http.json(Map.of("businessKey", "k".repeat(300),
          "variables", Map.of("title", Map.of("value", "x"), "confidentiality", Map.of("value", "1")))));
      String reference = assertServerError(reply, client.toString());
      assertThat(log.getOut()).as("the log has the reference with the database's own words")
          .contains("Error reference " + reference).containsIgnoringCase("value too long");
    }
    assertThat(requests()).isEqualTo(before);
  }

  @Test
  void aValueLeftOutIsABadRequestAndTheNullPointerExceptionIsNeverQuotedOnEveryPath() {
    // Camunda REST dereferences what the client left out (issue 13: a client's mistake, not a fault)
    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      Http.Reply nullVariable = client.post(START, "{\"variables\":{\"title\":null}}");
      Http.Reply nullOperator = client.post("/task?maxResults=10", "{\"processVariables\":[{\"name\":\"x\"}]}");
      for (Http.Reply reply : List.of(nullVariable, nullOperator)) {
        assertJapaneseClientError(reply, 400, client + " a value left out");
      }
    }
  }

  @Test
  void clientErrorsKeepTheirStatusWithoutClassNamesOnEveryPath() {
    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      Http.Reply wrongType = client.post(START, Http.variables(Map.of("title", "x")).replace("{\"value\":\"x\"}",
          "{\"value\":\"abc\",\"type\":\"Integer\"}"));
      Http.Reply unknownPath = client.get("/no-such-resource");
      Http.Reply wrongMethod = client.delete("/task");
      Http.Reply unknownTask = client.get("/task/no-such-task");
      assertJapaneseClientError(wrongType, 400, client + " a value that does not convert");
      assertJapaneseClientError(unknownPath, 404, client + " unknown path");
      assertJapaneseClientError(wrongMethod, 405, client + " wrong method");
      // Camunda's own English message ("No matching task…") in Japanese
      assertJapaneseClientError(unknownTask, 404, client + " unknown task");
    }
  }

  @Test
  void theGuardsRefusalsKeepTheirJapaneseMessageOnEveryPath() {
    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      Http.Reply reply = client.post(START, Http.variables(Map.of("title", "x", "routingAssignee", "ga-staff")));
      assertJapaneseClientError(reply, 403, client + " routing variable at start");
      assertThat(reply.json().get("message").asText()).contains("routingAssignee", "第16条");
    }
  }

  @Test
  void aRefusalIsLoggedAsOneInfoLineNotAnErrorWithAStackTrace(CapturedOutput log) {
    int before = log.getOut().length();
    Http.Reply reply = EngineClient.tasklist(port, "ga-staff").post(START,
        Http.variables(Map.of("title", "x", "routingAssignee", "ga-staff")));

    assertThat(reply.status()).isEqualTo(403);
    String logged = log.getOut().substring(before);
    assertThat(logged).contains("INFO").contains("Refused 403").contains("routingAssignee")
        .doesNotContain("ERROR").doesNotContain("ENGINE-16004").doesNotContain("\tat org.camunda");
  }

  @Test
  void theWebappsOwnRestAnswersInTheSameShape() {
    EngineClient.SessionClient cockpit = (EngineClient.SessionClient) EngineClient.tasklist(port, "admin");
    Http.Reply badSort = cockpit.postRaw("/camunda/api/cockpit/plugin/base/default/process-instance?maxResults=5",
        "application/json", "{\"sortBy\":\"x;drop table act_ru_task\",\"sortOrder\":\"asc\"}");
    Http.Reply unknown = cockpit.getRaw("/camunda/api/cockpit/no-such-plugin");
    Http.Reply anonymous = new Http(port).get(null, "/camunda/api/engine/engine/default/task");
    assertJapaneseClientError(badSort, 400, "Cockpit query with a forged sort");
    assertJapaneseClientError(unknown, 404, "unknown Cockpit path");
    assertJapaneseClientError(anonymous, 401, "webapp engine REST without a session");
  }

  @Test
  void thePlatformApiAndSpringsErrorPageAnswerInTheSameShape() {
    assertJapaneseClientError(http.get(null, "/api/contracts"), 401, "/api without credentials");
    assertJapaneseClientError(http.post("ga-staff", "/api/admin/org-chart/reload", "{}"), 403, "/api/admin as an employee");
    assertJapaneseClientError(http.get("ga-staff", "/api/no-such-endpoint"), 404, "unknown /api path");
    Http.Reply unknownContract = http.post("ga-staff", "/api/contracts/C-0000/events",
        Http.json(Map.of("type", "incident", "text", "x")));
    assertJapaneseClientError(unknownContract, 404, "a controller's own refusal");
    assertThat(unknownContract.json().get("message").asText()).contains("C-0000");

    Http.Reply direct = http.get(null, "/error");
    assertJapaneseClientError(direct, 404, "GET /error");
    assertThat(direct.body()).doesNotContain("999");
    assertJapaneseClientError(http.get(null, "/engine-rest/task"), 401, "engine REST without credentials");
  }

  private long requests() {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey("sample-approval").count();
  }

  private static String assertServerError(Http.Reply reply, String what) {
    assertThat(reply.status()).as("%s: %s", what, reply.body()).isEqualTo(500);
    assertThat(reply.json().fieldNames()).toIterable().as(what).containsExactly("type", "message", "referenceId");
    String reference = reply.json().get("referenceId").asText();
    assertThat(reply.json().get("message").asText()).as(what).contains("参照番号: " + reference);
    assertNoInternals(reply, what);
    return reference;
  }

  private static void assertClientError(Http.Reply reply, int status, String what) {
    assertThat(reply.status()).as("%s: %s", what, reply.body()).isEqualTo(status);
    assertThat(reply.json().get("type").asText()).as(what).matches("[A-Z][A-Za-z]+");
    assertThat(reply.json().get("message").asText()).as(what).isNotBlank();
    assertNoInternals(reply, what);
  }

  /** A client error whose message is the platform's (generic or its own), so Japanese. */
  private static void assertJapaneseClientError(Http.Reply reply, int status, String what) {
    assertClientError(reply, status, what);
    assertThat(reply.json().get("message").asText()).as(what).matches(ErrorShape::japanese, "is Japanese");
  }

  private static void assertNoInternals(Http.Reply reply, String what) {
    for (String internal : INTERNALS) {
      assertThat(reply.body()).as("%s leaks %s", what, internal).doesNotContain(internal);
    }
  }
}
