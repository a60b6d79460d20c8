package jp.go.jica.approval.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;

/**
 * The requests a person's browser or Tasklist sends, over engine REST with HTTP Basic: the applicant
 * starts, the approver lists "my tasks", opens the task and its form, and completes it.
 */
final class RestClient {

  private static final String TASKLIST_SORTING = "{\"processVariables\":[],\"taskVariables\":[],"
      + "\"caseInstanceVariables\":[],\"sorting\":[{\"sortBy\":\"created\",\"sortOrder\":\"desc\"}]}";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  RestClient(int port) {
    this.base = "http://localhost:" + port;
  }

  String myTasksFilter(String user) {
    JsonNode filters = ApprovalBenchmark.json(send(user, "GET", "/engine-rest/filter?resourceType=Task&maxResults=100", null, 200));
    for (JsonNode filter : filters) {
      if (filter.get("name").asText().equals("自分のタスク")) {
        return filter.get("id").asText();
      }
    }
    throw new IllegalStateException("no 自分のタスク filter: " + filters);
  }

  void lifecycle(String process, String applicant, String approver, String myTasks, int i, Latencies latencies) {
    long t0 = System.nanoTime();
    String started = send(applicant, "POST", "/engine-rest/process-definition/key/" + process + "/start",
        startBody(process, approver, i), 200);
    long t1 = System.nanoTime();
    latencies.record("start", t1 - t0);
    String instance = ApprovalBenchmark.json(started).get("id").asText();
    listMyTasks(approver, myTasks, latencies);
    long t2 = System.nanoTime();
    JsonNode tasks = ApprovalBenchmark.json(send(approver, "GET", "/engine-rest/task?maxResults=10&processInstanceId=" + instance, null, 200));
    long t3 = System.nanoTime();
    latencies.record("task", t3 - t2);
    if (tasks.size() != 1 || !approver.equals(tasks.get(0).path("assignee").asText())) {
      throw new IllegalStateException(process + " " + instance + ": expected one task for " + approver + ", got " + tasks);
    }
    String task = tasks.get(0).get("id").asText();
    send(approver, "GET", "/engine-rest/task/" + task + "/deployed-form", null, 200);
    long t4 = System.nanoTime();
    latencies.record("form", t4 - t3);
    send(approver, "POST", "/engine-rest/task/" + task + "/complete", approvalBody(process), 204);
    latencies.record("complete", System.nanoTime() - t4);
  }

  /**
   * One request of the mix along its full approval path: the applicant starts it, then for each step the
   * step's holder (found as Tasklist would show it to them) lists "my tasks", opens the task and its form and
   * completes it. {@code lookup} is the benchmark finding the step's holder, sent as the administrator.
   */
  void mixLifecycle(Mix.Kind kind, String applicant, String myTasks, int i, Latencies latencies) {
    long t0 = System.nanoTime();
    String started = send(applicant, "POST", "/engine-rest/process-definition/key/" + kind.process() + "/start",
        variables(kind.start().apply(i)), 200);
    latencies.record("start", System.nanoTime() - t0);
    String instance = ApprovalBenchmark.json(started).get("id").asText();
    for (Mix.Step step : kind.steps()) {
      step(kind.process(), instance, step.task(), step.applicant() ? applicant : null, variables(step.values()), myTasks,
          latencies);
    }
  }

  /** The bare baseline of a mix request: as many steps (each the same requests), on the bare engine. */
  void baselineSteps(int steps, String applicant, String approver, String myTasks, int i, Latencies latencies) {
    long t0 = System.nanoTime();
    String started = send(applicant, "POST",
        "/engine-rest/process-definition/key/benchmark-baseline-steps/start", "{\"variables\":{\"baselineReviewer\":{\"value\":\""
            + approver + "\"},\"steps\":{\"value\":" + steps + "},\"title\":{\"value\":\"基準 " + i + "\"}}}", 200);
    latencies.record("start", System.nanoTime() - t0);
    String instance = ApprovalBenchmark.json(started).get("id").asText();
    for (int s = 0; s < steps; s++) {
      step("benchmark-baseline-steps", instance, "reviewRequest", approver, approvalBody("benchmark-baseline"), myTasks,
          latencies);
    }
  }

  private void step(String process, String instance, String taskKey, String expectedHolder, String body, String myTasks,
      Latencies latencies) {
    long t0 = System.nanoTime();
    JsonNode found = ApprovalBenchmark.json(send("admin", "GET", "/engine-rest/task?maxResults=10&processInstanceId=" + instance
        + "&taskDefinitionKey=" + taskKey, null, 200));
    latencies.record("lookup", System.nanoTime() - t0);
    if (found.size() != 1 || found.get(0).path("assignee").asText().isEmpty()
        || expectedHolder != null && !expectedHolder.equals(found.get(0).path("assignee").asText())) {
      throw new IllegalStateException(process + " " + instance + ": expected one " + taskKey + " task"
          + (expectedHolder == null ? "" : " for " + expectedHolder) + ", got " + found);
    }
    String holder = found.get(0).get("assignee").asText();
    listMyTasks(holder, myTasks, latencies);
    long t1 = System.nanoTime();
    JsonNode tasks = ApprovalBenchmark.json(send(holder, "GET", "/engine-rest/task?maxResults=10&processInstanceId=" + instance,
        null, 200));
    long t2 = System.nanoTime();
    latencies.record("task", t2 - t1);
    String task = found.get(0).get("id").asText();
    if (tasks.size() != 1 || !task.equals(tasks.get(0).get("id").asText())) {
      throw new IllegalStateException(process + " " + instance + ": " + holder + " does not see " + taskKey + ": " + tasks);
    }
    send(holder, "GET", "/engine-rest/task/" + task + "/deployed-form", null, 200);
    long t3 = System.nanoTime();
    latencies.record("form", t3 - t2);
    send(holder, "POST", "/engine-rest/task/" + task + "/complete", body, 204);
    latencies.record("complete", System.nanoTime() - t3);
  }

  private static String variables(java.util.Map<String, Object> values) {
    com.fasterxml.jackson.databind.node.ObjectNode variables = MAPPER.createObjectNode();
    values.forEach((name, value) -> variables.putObject(name).set("value", MAPPER.valueToTree(value)));
    com.fasterxml.jackson.databind.node.ObjectNode body = MAPPER.createObjectNode();
    body.set("variables", variables);
    return body.toString();
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

  void listMyTasks(String approver, String myTasks, Latencies latencies) {
    long t0 = System.nanoTime();
    send(approver, "POST", "/engine-rest/filter/" + myTasks + "/list?firstResult=0&maxResults=15", TASKLIST_SORTING, 200);
    long t1 = System.nanoTime();
    latencies.record("list", t1 - t0);
    send(approver, "POST", "/engine-rest/filter/" + myTasks + "/count", TASKLIST_SORTING, 200);
    latencies.record("count", System.nanoTime() - t1);
  }

  void awaitOutboxDrained(Duration timeout) throws InterruptedException {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      boolean pending = ApprovalBenchmark.json(send("admin", "GET", "/api/admin/mail-outbox?status=PENDING&limit=1", null, 200)).size() > 0
          || ApprovalBenchmark.json(send("admin", "GET", "/api/admin/mail-outbox?status=RETRYING&limit=1", null, 200)).size() > 0;
      if (!pending) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("mail outbox not drained after " + timeout);
  }

  private static String startBody(String process, String approver, int i) {
    if (process.equals("benchmark-baseline")) {
      return "{\"variables\":{\"baselineReviewer\":{\"value\":\"" + approver + "\"},\"title\":{\"value\":\"基準 " + i + "\"}}}";
    }
    LocalDate today = LocalDate.now();
    return "{\"variables\":{"
        + "\"mediaKind\":{\"value\":\"usb\"},\"assetNumber\":{\"value\":\"BENCH-" + i + "\"},"
        + "\"information\":{\"value\":\"説明会資料（要機密）\"},\"confidentiality\":{\"value\":\"3\"},"
        + "\"integrity\":{\"value\":\"1\"},\"availability\":{\"value\":\"1\"},\"destination\":{\"value\":\"説明会会場\"},"
        + "\"carryOutOn\":{\"value\":\"" + today.plusDays(1) + "\"},\"returnOn\":{\"value\":\"" + today.plusDays(3) + "\"},"
        + "\"purpose\":{\"value\":\"説明会で使用する\"},\"transportMethod\":{\"value\":\"手荷物として常時携行\"},"
        + "\"encrypted\":{\"value\":true}}}";
  }

  /** The decision as the task's form submits it: the platform refuses names that are not fields of that form. */
  private static String approvalBody(String process) {
    if (process.equals("benchmark-baseline")) {
      return "{\"variables\":{\"decision\":{\"value\":\"approve\"},\"decisionComment\":{\"value\":\"\"}}}";
    }
    return "{\"variables\":{\"decision\":{\"value\":\"approve\"},\"decisionComment\":{\"value\":\"\"},"
        + "\"encryptionConfirmed\":{\"value\":true},\"designatedTransport\":{\"value\":\"施錠ケースで携行\"}}}";
  }

  private String send(String user, String method, String path, String json, int expected) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
        .header("Accept", "application/json");
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new IllegalStateException(method + " " + path + " as " + user + ": " + response.statusCode() + " " + response.body());
      }
      return response.body();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
