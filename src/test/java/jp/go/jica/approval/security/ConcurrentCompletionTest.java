package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 12, item 10: the same approver deciding one task from two clients at once. One decision wins and
 * is recorded once; the other answers 409 in Japanese (never 500), on every path, for completion and for
 * Tasklist's form submission. A task that never existed stays 404.
 */
class ConcurrentCompletionTest extends PlatformTest {

  private static final String DONE = "このタスクは既に処理されています";
  private static final String APPROVE = Http.variables(Map.of("decision", "approve", "decisionComment", ""));

  @LocalServerPort int port;
  final ExecutorService pool = Executors.newFixedThreadPool(3);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void twoClientsDecidingAtOnceWinOnceAndTheOtherHearsItWasDoneOnEveryPath() throws Exception {
    List<EngineClient> first = EngineClient.allPaths(port, "ga-chief");
    List<EngineClient> second = EngineClient.allPaths(port, "ga-chief");
    for (int path = 0; path < first.size(); path++) {
      for (String action : List.of("complete", "submit-form")) {
        ProcessInstance request = request();
        String task = task(request, "reviewRequest").getId();
        List<Http.Reply> replies = race(first.get(path), second.get(path), "/task/" + task + "/" + action);
        assertOneWon(replies, first.get(path) + " " + action);
        assertDecidedOnce(request);
      }
    }
  }

  @Test
  void anApproverOnTwoDifferentPathsAtOnceWinsOnce() throws Exception {
    List<EngineClient> paths = EngineClient.allPaths(port, "ga-chief");
    for (int path = 0; path < paths.size(); path++) {
      ProcessInstance request = request();
      String task = task(request, "reviewRequest").getId();
      EngineClient other = paths.get((path + 1) % paths.size());
      assertOneWon(race(paths.get(path), other, "/task/" + task + "/complete"), paths.get(path) + " and " + other);
      assertDecidedOnce(request);
    }
  }

  @Test
  void aSlowFirstDecisionMakesTheOverlappingSecondAConflictOnEveryPath() throws Exception {
    // A transaction holding the task's row keeps the first decision from committing, so the second surely
    // starts while the first is still open.
    List<EngineClient> first = EngineClient.allPaths(port, "ga-chief");
    List<EngineClient> second = EngineClient.allPaths(port, "ga-chief");
    for (int path = 0; path < first.size(); path++) {
      ProcessInstance request = request();
      String task = task(request, "reviewRequest").getId();
      EngineClient one = first.get(path);
      EngineClient two = second.get(path);
      assertOneWon(whileTaskRowIsHeld(task, () -> race(one, two, "/task/" + task + "/complete")), one + " overlapping");
      assertDecidedOnce(request);
    }
  }

  @Test
  void twoChangesOfOneTaskAtOnceLoseTheOptimisticLockAsAConflictOnEveryPath() throws Exception {
    // No listener of the platform runs here, so the second change reaches its commit and finds the task's
    // revision changed: Camunda's optimistic locking, answered 409 with Camunda's code 1 (retry).
    List<EngineClient> first = EngineClient.allPaths(port, "admin");
    List<EngineClient> second = EngineClient.allPaths(port, "admin");
    for (int path = 0; path < first.size(); path++) {
      Task open = task(request(), "reviewRequest");
      String task = open.getId();
      EngineClient one = first.get(path);
      EngineClient two = second.get(path);
      // The follow-up date is all of a task anyone may change (TaskIntegrityAttackTest); the rest is sent as it
      // stands, the due date the platform set included, as Tasklist sends it.
      String changed = Http.json(Map.of("name", "申請を審査する", "assignee", "ga-chief", "priority", 50,
          "due", new java.text.SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZ").format(open.getDueDate()),
          "followUp", "2030-04-01T09:00:00.000+0900"));
      List<Http.Reply> replies = whileTaskRowIsHeld(task, () -> race(one, two, "/task/" + task, changed, true));
      assertThat(replies).as("%s: %s", one, replies).extracting(Http.Reply::status).containsExactlyInAnyOrder(204, 409);
      Http.Reply loser = replies.stream().filter(reply -> reply.status() == 409).findFirst().orElseThrow();
      assertThat(loser.json().path("code").asInt()).as("%s: %s", one, loser.body()).isEqualTo(1);
      assertThat(loser.json().get("message").asText()).contains("競合");
      assertThat(tasks.createTaskQuery().taskId(task).singleResult().getFollowUpDate().toInstant())
          .isEqualTo(Instant.parse("2030-04-01T00:00:00Z"));
    }
  }

  @Test
  void aDecisionRepeatedAfterItWasRecordedIsAConflictOnEveryPath() {
    ProcessInstance request = request();
    String task = task(request, "reviewRequest").getId();
    assertThat(EngineClient.basic(port, "ga-chief").post("/task/" + task + "/complete", APPROVE).status()).isEqualTo(204);
    for (EngineClient client : EngineClient.allPaths(port, "ga-chief")) {
      for (String action : List.of("complete", "submit-form")) {
        Http.Reply again = client.post("/task/" + task + "/" + action, APPROVE);
        assertThat(again.status()).as("%s %s: %s", client, action, again.body()).isEqualTo(409);
        assertThat(again.json().get("message").asText()).contains(DONE);
      }
    }
    assertDecidedOnce(request);
  }

  @Test
  void aTaskThatNeverExistedStaysNotFound() {
    String unknown = UUID.randomUUID().toString();
    for (EngineClient client : EngineClient.allPaths(port, "ga-chief")) {
      for (String action : List.of("complete", "submit-form")) {
        Http.Reply reply = client.post("/task/" + unknown + "/" + action, APPROVE);
        assertThat(reply.status()).as("%s %s: %s", client, action, reply.body()).isEqualTo(404);
        assertThat(reply.json().get("message").asText()).doesNotContain(DONE);
      }
    }
  }

  private ProcessInstance request() {
    return start("ga-staff", "sample-approval", Map.of("title", "同時の判断", "confidentiality", "1"));
  }

  /** Both clients post the same decision as close together as two threads allow. */
  private List<Http.Reply> race(EngineClient one, EngineClient two, String path) throws Exception {
    return race(one, two, path, APPROVE, false);
  }

  private List<Http.Reply> race(EngineClient one, EngineClient two, String path, String body, boolean put)
      throws Exception {
    CountDownLatch ready = new CountDownLatch(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Http.Reply>> replies = List.of(one, two).stream().map(client -> pool.submit(() -> {
      ready.countDown();
      go.await();
      return put ? client.put(path, body) : client.post(path, body);
    })).toList();
    assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
    go.countDown();
    return List.of(replies.get(0).get(60, TimeUnit.SECONDS), replies.get(1).get(60, TimeUnit.SECONDS));
  }

  /** Runs the race while another transaction holds the task's row for a second and a half. */
  private List<Http.Reply> whileTaskRowIsHeld(String task, Callable<List<Http.Reply>> race) throws Exception {
    try (Connection slow = jdbc.getDataSource().getConnection()) {
      slow.setAutoCommit(false);
      try (PreparedStatement lock = slow.prepareStatement("select id_ from act_ru_task where id_ = ? for update")) {
        lock.setString(1, task);
        lock.executeQuery().close();
      }
      Future<List<Http.Reply>> replies = pool.submit(race);
      Thread.sleep(1500);
      slow.commit();
      return replies.get(60, TimeUnit.SECONDS);
    }
  }

  private static void assertOneWon(List<Http.Reply> replies, String what) {
    assertThat(replies).as(what).extracting(Http.Reply::status).containsExactlyInAnyOrder(204, 409);
    Http.Reply loser = replies.stream().filter(reply -> reply.status() == 409).findFirst().orElseThrow();
    assertThat(loser.json().get("message").asText()).as(what).contains(DONE);
  }

  /** The decision took effect exactly once: one review ended, one approval notice, the request finished. */
  private void assertDecidedOnce(ProcessInstance request) {
    var history = engine.getHistoryService();
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(request.getId())
        .activityId("reviewRequest").finished().count()).isEqualTo(1);
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(request.getId())
        .activityId("notifyApproved").count()).isEqualTo(1);
    assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(request.getId()).count()).isEqualTo(1);
    assertThat(runtime.createProcessInstanceQuery().processInstanceId(request.getId()).count()).isZero();
  }
}
