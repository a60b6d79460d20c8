package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 13, section 4: every refusal, on every way in (engine REST in both spellings, Tasklist's session
 * path, the platform's {@code /api}), is a 4xx with a Japanese message and nothing of the insides (no
 * ENGINE code, no exception or class name, no stack); a typo is never a 500; a write that is refused
 * changes nothing; a refusal is one INFO line in the log, a fault an ERROR with its stack.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusalMessagesTest extends PlatformTest {

  private static final String START = "/process-definition/key/sample-approval/start";

  @LocalServerPort int port;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void anEnginePermissionRefusalNamesTheMissingRightInJapaneseOnEveryPath() {
    String instance = startSample("ga-staff", "organisation-internal");
    Task review = review(instance);

    for (EngineClient client : EngineClient.allPaths(port, "proc-staff")) {
      // When someone without rights on the task and the case tries to work on them
      Http.Reply claim = client.post("/task/" + review.getId() + "/claim", "{\"userId\":\"proc-staff\"}");
      Http.Reply complete = client.post("/task/" + review.getId() + "/submit-form",
          Http.variables(Map.of("decision", "approve", "decisionComment", "")));
      Http.Reply write = client.put("/process-instance/" + instance + "/variables/title", "{\"value\":\"書き換え\"}");
      Http.Reply delete = client.delete("/process-instance/" + instance);

      // Then each is a 403 saying which right on which kind of resource is missing, in Japanese
      assertRefusal(claim, 403, client + " claim");
      assertThat(message(claim)).contains("タスクに対する「タスクの処理（引受け・完了）」", "プロセス定義に対する")
          .doesNotContain("TASK_WORK", review.getId(), "proc-staff", "sample-approval");
      assertRefusal(complete, 403, client + " completion");
      assertThat(message(complete)).contains("タスクに対する「タスクの処理（引受け・完了）」");
      assertRefusal(write, 403, client + " variable write");
      // (the task integrity guard refuses an employee's variable write before the engine checks the right)
      assertThat(message(write)).contains("タスクのフォームを完了（送信）することでだけ変更できます");
      assertRefusal(delete, 403, client + " deletion");
      assertThat(message(delete)).contains("プロセスインスタンスに対する「削除」", "プロセス定義に対する「インスタンスの削除」");
      // Camunda's documented field stays for clients that read it, without the resource ids
      assertThat(claim.json().get("missingAuthorizations").findValuesAsText("permissionName")).contains("TASK_WORK");
      assertThat(claim.body()).doesNotContain("resourceId", "userId");
    }
    // And nothing changed
    Task after = tasks.createTaskQuery().taskId(review.getId()).singleResult();
    assertThat(after.getAssignee()).isEqualTo("ga-chief");
    assertThat(runtime.getVariable(instance, "title")).isEqualTo("organisation-internal");
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(instance).count()).isEqualTo(1);
  }

  @Test
  void aDecisionTheUserMayNotReadOrEvaluateIsNamedInJapanese() {
    String decision = engine.getRepositoryService().createDecisionDefinitionQuery().decisionDefinitionKey("approval-routing")
        .latestVersion().singleResult().getId();

    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      Http.Reply read = client.get("/decision-definition/" + decision + "/xml");
      Http.Reply evaluate = client.post("/decision-definition/" + decision + "/evaluate", "{\"variables\":{}}");

      assertRefusal(read, 403, client + " read");
      assertThat(message(read)).contains("決定定義に対する「閲覧」");
      assertRefusal(evaluate, 403, client + " evaluate");
      assertThat(message(evaluate)).contains("決定定義に対する「評価」");
    }
  }

  @Test
  void nobodyFreeOfConflictUpTheChainIsAConflictInJapaneseNotAServerError() {
    long before = startedBy("ciso");

    for (EngineClient client : EngineClient.allPaths(port, "ciso")) {
      // When the CISO applies for something that concerns the only alternate at the top
      Http.Reply reply = client.post(START, Http.variables(Map.of("title", "誰も判断できない", "confidentiality", "2",
          "scope", "organization", "parties", "deputy-ciso")));

      // Then the routing's own words answer, as a conflict
      assertRefusal(reply, 409, client.toString());
      assertThat(message(reply)).startsWith("第16条第2項: 利益相反のない許可権限者が見つかりません");
    }
    // And no case was opened
    assertThat(startedBy("ciso")).isEqualTo(before);
  }

  @Test
  void aDeclaredConflictAtTheTopIsAConflictInJapaneseAndTheTaskStaysWhereItWas() {
    String instance = as("ciso", () -> runtime.startProcessInstanceByKey("sample-approval", Map.of("title", "機構全体の例外",
        "confidentiality", "2", "scope", "organization"))).getId();
    Task review = review(instance);
    assertThat(review.getAssignee()).isEqualTo("deputy-ciso");

    for (EngineClient client : EngineClient.allPaths(port, "deputy-ciso")) {
      // When the alternate at the top declares a conflict, as Tasklist submits the form
      Http.Reply reply = client.post("/task/" + review.getId() + "/submit-form",
          Http.variables(Map.of("decision", "conflict", "decisionComment", "申請内容に関与しているため")));

      // Then there is nobody above: 409 with the routing's message, not Camunda's 500 wrapper
      assertRefusal(reply, 409, client.toString());
      assertThat(message(reply)).contains("第16条第2項", "利益相反のない許可権限者が見つかりません")
          .doesNotContain("TaskListener", "Cannot submit");
    }
    // And the task is still the alternate's, undecided
    Task after = tasks.createTaskQuery().taskId(review.getId()).singleResult();
    assertThat(after).isNotNull();
    assertThat(after.getAssignee()).isEqualTo("deputy-ciso");
    assertThat(runtime.getVariables(instance)).doesNotContainKey("decision");
  }

  @Test
  void aTypoOnTheEngineRestIsAJapaneseClientErrorOnEveryPath() {
    String instance = startSample("ga-staff", "typos");
    Map<String, Integer> gets = new LinkedHashMap<>();
    gets.put("/task/no-such-task", 404);
    gets.put("/task/no-such-task/deployed-form", 404);
    gets.put("/task/no-such-task/variables", 404);
    gets.put("/task/no-such-task/form", 404);
    gets.put("/process-instance/no-such-instance", 404);
    gets.put("/process-definition/key/no-such-process/startForm", 404);
    gets.put("/filter/no-such-filter/list", 404);
    gets.put("/task?maxResults=abc", 400);
    gets.put("/task", 400);
    gets.put("/task?maxResults=100000", 400);
    gets.put("/task?maxResults=10&sortBy=nope&sortOrder=asc", 400);
    gets.put("/task?maxResults=10&sortBy=created", 400);
    gets.put("/task?maxResults=10&sortBy=created&sortOrder=up", 400);
    gets.put("/task?maxResults=10&dueBefore=notadate", 400);
    gets.put("/task?maxResults=10&priority=high", 400);
    gets.put("/task?maxResults=10&active=maybe", 400);
    gets.put("/task?maxResults=10&processVariables=broken", 400);
    gets.put("/task?maxResults=10&processVariables=a_nope_b", 400);
    gets.put("/history/task?maxResults=10&finishedAfter=yesterday", 400);
    Map<String, String> named = Map.of("/task?maxResults=abc", "maxResults", "/task?maxResults=10&sortBy=nope&sortOrder=asc",
        "sortBy", "/task?maxResults=10&dueBefore=notadate", "dueBefore", "/task?maxResults=10&priority=high", "priority",
        "/history/task?maxResults=10&finishedAfter=yesterday", "finishedAfter");

    for (EngineClient client : EngineClient.allPaths(port, "ga-staff")) {
      gets.forEach((path, status) -> {
        Http.Reply reply = client.get(path);
        assertRefusal(reply, status, client + " GET " + path);
        if (named.containsKey(path)) {
          assertThat(message(reply)).as(path).contains("「" + named.get(path) + "」");
        }
      });
      assertThat(message(client.get("/task/no-such-task/variables"))).isEqualTo("指定されたタスクは見つかりません");
      Map<String, String> queries = Map.of(
          "{", "JSON の形式が正しくありません",
          "{\"priority\":\"abc\"}", "「priority」",
          "{\"dueBefore\":\"bad\"}", "「dueBefore」",
          "{\"sorting\":[{\"sortBy\":\"nope\",\"sortOrder\":\"asc\"}]}", "sortBy",
          "{\"processVariables\":[{\"name\":\"a\",\"operator\":\"nope\",\"value\":1}]}", "比較演算子",
          "{\"taskVariables\":[{\"name\":\"a\",\"operator\":\"eq\",\"value\":{\"x\":1}}]}", "オブジェクト");
      queries.forEach((body, says) -> {
        Http.Reply reply = client.post("/task?maxResults=10", body);
        assertRefusal(reply, 400, client + " query " + body);
        assertThat(message(reply)).as(body).contains(says);
      });
    }
    assertThat(runtime.getVariable(instance, "title")).isEqualTo("typos");
  }

  @Test
  void aWriteWithATypoIsRefusedInJapaneseAndChangesNothingOnEveryPath() {
    long before = startedBy("ga-staff");
    String instance = startSample("ga-staff", "typos");
    Task review = review(instance);

    for (EngineClient client : EngineClient.allPaths(port, "ga-chief")) {
      List<Http.Reply> unknown = List.of(client.post("/task/no-such-task/claim", "{\"userId\":\"ga-chief\"}"),
          client.post("/task/no-such-task/submit-form", Http.variables(Map.of("decision", "approve"))),
          client.post("/task/no-such-task/complete", "{}"),
          client.post("/process-definition/key/no-such-process/start", "{}"));
      unknown.forEach(reply -> assertRefusal(reply, 404, client + " unknown id"));

      Map<String, String> badVariables = Map.of(
          "{\"variables\":{\"x\":{\"value\":\"abc\",\"type\":\"Date\"}}}", "「Date」",
          "{\"variables\":{\"x\":{\"value\":\"abc\",\"type\":\"Integer\"}}}", "「Integer」",
          "{\"variables\":{\"x\":{\"value\":1,\"type\":\"Nope\"}}}", "「Nope」",
          "{\"variables\":\"x\"}", "「variables」");
      badVariables.forEach((body, says) -> {
        Http.Reply start = client.post(START, body);
        assertRefusal(start, 400, client + " start " + body);
        assertThat(message(start)).as(body).contains(says);
        Http.Reply decide = client.post("/task/" + review.getId() + "/submit-form", body);
        assertThat(decide.status()).as("%s decide %s: %s", client, body, decide.body()).isIn(400, 403);
        assertRefusal(decide, decide.status(), client + " decide " + body);
      });
      Http.Reply message = client.post("/message", "{\"messageName\":\"no-such-message\"}");
      assertRefusal(message, 400, client + " message");
      assertThat(message(message)).contains("「no-such-message」");
    }
    assertThat(startedBy("ga-staff")).isEqualTo(before + 1);
    Task after = tasks.createTaskQuery().taskId(review.getId()).singleResult();
    assertThat(after.getAssignee()).isEqualTo("ga-chief");
    assertThat(runtime.getVariables(instance)).doesNotContainKeys("x", "decision");
  }

  @Test
  void aMalformedUrlIsAJapaneseJsonRefusalNotAServerErrorOrTomcatsPage() {
    List<String> paths = List.of("/engine-rest;x=1/task", "/engine-rest/engine/default;x=1/task",
        "/camunda/api/engine/engine/default;x=1/task", "/engine-rest/task%2Fx", "/engine-rest/task/a%2Fb/form",
        "/camunda/api/engine/engine/default/task%2Fx", "/engine-rest//task", "/engine-rest/task/a%5Cb", "/engine-rest/task/%00",
        "/api;x=1/contracts", "/api/contracts%2Fx");

    for (String path : paths) {
      for (String method : List.of("GET", "POST")) {
        String raw = raw(method, path);
        assertThat(raw).as("%s %s", method, path).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/json");
        Http.Reply reply = new Http.Reply(400, body(raw));
        assertRefusal(reply, 400, method + " " + path);
        assertThat(message(reply)).contains("URL の形式が正しくありません");
        assertThat(raw).doesNotContain("Tomcat", "<html");
      }
    }
  }

  @Test
  void thePlatformApiRefusesInJapaneseNamingTheParameter() {
    Http.Reply anonymous = http.get(null, "/api/contracts");
    Http.Reply employee = http.get("ga-staff", "/api/admin/mail-outbox");
    Http.Reply limit = http.get("ga-staff", "/api/contracts?limit=many");
    Http.Reply date = http.get("ga-staff", "/api/exceptions/ledger?from=yesterday");
    Http.Reply unknown = http.get("ga-staff", "/api/no-such-register");
    Http.Reply method = http.delete("ga-staff", "/api/contracts");

    assertRefusal(anonymous, 401, "/api without credentials");
    assertRefusal(employee, 403, "/api/admin as an employee");
    assertThat(message(employee)).contains("システム管理者");
    assertRefusal(limit, 400, "limit that is no number");
    assertThat(message(limit)).contains("「limit」", "「many」", "数");
    assertRefusal(date, 400, "date that is no date");
    assertThat(message(date)).contains("「from」", "2025-04-01");
    assertRefusal(unknown, 404, "unknown /api path");
    assertRefusal(method, 405, "wrong method");
  }

  @Test
  void aMalformedBodyOnThePlatformApiIsRefusedNamingTheFieldAndChangesNothing() {
    boolean before = http.get("admin", "/api/byod/allowed").json().get("allowed").asBoolean();

    Http.Reply wrongType = http.put("admin", "/api/admin/byod/allowed", "{\"allowed\":\"perhaps\"}");
    Http.Reply notJson = http.put("admin", "/api/admin/byod/allowed", "{");
    Http.Reply noBody = http.put("admin", "/api/admin/byod/allowed", "");

    assertRefusal(wrongType, 400, "a word where true/false belongs");
    assertThat(message(wrongType)).contains("「allowed」", "true または false");
    assertRefusal(notJson, 400, "malformed JSON");
    assertRefusal(noBody, 400, "no body");
    assertThat(message(noBody)).contains("JSON");
    assertThat(http.get("admin", "/api/byod/allowed").json().get("allowed").asBoolean()).isEqualTo(before);
  }

  @Test
  void aRefusalIsOneInfoLineAndAFaultAnErrorWithItsStack(CapturedOutput log) {
    String instance = startSample("ga-staff", "log");
    Task review = review(instance);

    int mark = log.getOut().length();
    Http.Reply refused = EngineClient.tasklist(port, "proc-staff").post("/task/" + review.getId() + "/claim",
        "{\"userId\":\"proc-staff\"}");
    Http.Reply typo = EngineClient.basic(port, "ga-staff").get("/task/no-such-task/variables");
    Http.Reply conflict = EngineClient.named(port, "ciso").post(START, Http.variables(Map.of("title", "x",
        "confidentiality", "2", "scope", "organization", "parties", "deputy-ciso")));
    String refusals = log.getOut().substring(mark);

    assertThat(List.of(refused.status(), typo.status(), conflict.status())).containsExactly(403, 404, 409);
    assertThat(refusals.lines().filter(line -> line.contains("Refused "))).hasSize(3);
    assertThat(refusals.lines().filter(line -> line.contains("Refused 403 POST /camunda/api/engine/engine/default/task/")))
        .singleElement().asString().contains("INFO", "タスクの処理");
    assertThat(refusals).doesNotContain("ERROR", "WARN", "\tat ", "ENGINE-16004", "Exception while closing command context");

    mark = log.getOut().length();
    Http.Reply fault = EngineClient.basic(port, "ga-staff").post(START, Http.json(Map.of("businessKey", "k".repeat(300),
        "variables", Http.variableValues(Map.of("title", "x", "confidentiality", "1")))));
    String faults = log.getOut().substring(mark);

    assertThat(fault.status()).isEqualTo(500);
    assertThat(faults).contains("ERROR", "Error reference " + fault.json().get("referenceId").asText(), "\tat ");
  }

  @Test
  void theWebappsGetTheMessageEscapedBecauseTheyShowItAsHtml() {
    long before = startedBy("ga-staff");
    String markup = "<img src=x onerror=alert(1)>";
    String body = Http.json(Map.of("variables", Http.variableValues(Map.of("title", "x", "confidentiality", "1", markup, "x"))));

    // When a refusal quotes what the client sent, markup included
    Http.Reply tasklist = EngineClient.tasklist(port, "ga-staff").post("/process-definition/key/sample-approval/submit-form", body);
    Http.Reply rest = EngineClient.basic(port, "ga-staff").post("/process-definition/key/sample-approval/submit-form", body);

    // Then Tasklist (which renders a notification's message as HTML) gets it as text, a REST client as sent
    assertRefusal(tasklist, 400, "Tasklist");
    assertThat(message(tasklist)).contains("「&lt;img src=x onerror=alert(1)&gt;」").doesNotContain("<img");
    assertRefusal(rest, 400, "engine REST");
    assertThat(message(rest)).contains("「" + markup + "」");
    assertThat(startedBy("ga-staff")).isEqualTo(before);
  }

  // --- helpers -------------------------------------------------------------------------------

  private String startSample(String applicant, String title) {
    return start(applicant, "sample-approval", Map.of("title", title, "confidentiality", "1")).getId();
  }

  private Task review(String instance) {
    return tasks.createTaskQuery().processInstanceId(instance).singleResult();
  }

  private long startedBy(String user) {
    return engine.getHistoryService().createHistoricProcessInstanceQuery().processDefinitionKey("sample-approval")
        .startedBy(user).count();
  }

  private static String message(Http.Reply reply) {
    return reply.json().get("message").asText();
  }

  /** The request as written, so that Java's URI class does not normalise what an attacker would send. */
  private String raw(String method, String path) {
    try (Socket socket = new Socket("localhost", port)) {
      String request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic "
          + java.util.Base64.getEncoder().encodeToString("ga-staff:demo".getBytes(StandardCharsets.UTF_8))
          + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The body of a raw HTTP/1.1 answer, chunked or not. */
  private static String body(String raw) {
    String head = raw.substring(0, raw.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
    String rest = raw.substring(raw.indexOf("\r\n\r\n") + 4);
    if (!head.contains("transfer-encoding: chunked")) {
      return rest;
    }
    StringBuilder body = new StringBuilder();
    byte[] bytes = rest.getBytes(StandardCharsets.UTF_8);
    int at = 0;
    while (true) {
      int end = indexOf(bytes, at);
      int size = Integer.parseInt(new String(bytes, at, end - at, StandardCharsets.US_ASCII).trim(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(new String(bytes, end + 2, size, StandardCharsets.UTF_8));
      at = end + 2 + size + 2;
    }
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length - 1; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalStateException("no line end");
  }

  /**
   * A refusal as the platform answers it: the status, the error shape, a message written in Japanese, and
   * nothing of the insides anywhere in the body.
   */
  static void assertRefusal(Http.Reply reply, int status, String what) {
    assertThat(reply.status()).as("%s: %s", what, reply.body()).isEqualTo(status);
    assertThat(reply.json().get("type").asText()).as(what).matches("[A-Z][A-Za-z]+");
    String message = reply.json().get("message").asText();
    assertThat(message).as(what).matches(ErrorShape::writtenInJapanese, "is written in Japanese")
        .doesNotContain("Exception", "Cannot ", "The user with id", "TaskListener");
    assertThat(reply.body()).as(what).doesNotContain("ENGINE-", "\tat ", "org.camunda", "java.", "jp.go.jica", "SQL", "ACT_");
  }
}
