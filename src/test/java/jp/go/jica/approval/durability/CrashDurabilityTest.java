package jp.go.jica.approval.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformNode;
import jp.go.jica.approval.durability.StartLoad.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default embedded database (H2 file under ./data) keeps every start it acknowledged when the
 * platform dies under load: by kill -9 (a crash) and by SIGTERM (an operator's stop, which finishes
 * the requests in flight and closes the database last). Each node is a JVM of its own with the
 * default profile and nothing else configured, working in a temporary directory.
 */
class CrashDurabilityTest {

  private static final int CLIENTS = 8;

  @Test
  void everyStartAcknowledgedBeforeAKill9IsThereAfterTheRestart(@TempDir Path directory) throws Exception {
    List<Outcome> outcomes;
    long killedAt;
    try (PlatformNode node = node("h2-kill", directory)) {
      StartLoad load = new StartLoad(node.port).begin(CLIENTS);
      load.awaitAcknowledged(60, Duration.ofMinutes(3));
      killedAt = System.nanoTime();
      node.kill();
      outcomes = load.stop();
    }
    List<String> acknowledged = acknowledgedIds(outcomes);
    long inFlight = outcomes.stream().filter(o -> o.sentAt() < killedAt && o.status() == 0).count();
    long lastHalfSecond = outcomes.stream()
        .filter(o -> o.acknowledged() && o.endedAt() > killedAt - Duration.ofMillis(500).toNanos()).count();

    Set<String> present;
    long instances;
    try (PlatformNode restarted = node("h2-kill-restart", directory)) {
      present = present(restarted, acknowledged);
      instances = carryOuts(restarted);
    }
    List<String> lost = new ArrayList<>(acknowledged);
    lost.removeAll(present);
    System.out.printf("kill -9: %d starts acknowledged (%d in the last 500 ms), %d in flight at the kill "
        + "(%d of them committed without an answer), %d lost%n",
        acknowledged.size(), lastHalfSecond, inFlight, instances - present.size(), lost.size());

    assertThat(inFlight).as("the kill hit starts in flight").isPositive();
    assertThat(lastHalfSecond).as("starts acknowledged within H2's former write delay before the kill").isPositive();
    assertThat(lost).as("acknowledged starts missing after the restart, of " + acknowledged.size()).isEmpty();
  }

  @Test
  void sigtermFinishesTheRequestsInFlightAndClosesTheDatabaseLast(@TempDir Path directory) throws Exception {
    List<Outcome> outcomes;
    long signalledAt;
    int exitCode;
    String log;
    try (PlatformNode node = node("h2-sigterm", directory)) {
      StartLoad load = new StartLoad(node.port).begin(CLIENTS);
      load.awaitAcknowledged(40, Duration.ofMinutes(3));
      signalledAt = System.nanoTime();
      exitCode = node.terminate(Duration.ofSeconds(90));
      outcomes = load.stop();
      log = node.log();
    }
    List<String> acknowledged = acknowledgedIds(outcomes);
    List<String> inFlight = outcomes.stream().filter(o -> o.sentAt() < signalledAt && o.endedAt() > signalledAt)
        .map(CrashDurabilityTest::answer).toList();
    List<String> afterwards = outcomes.stream().filter(o -> o.sentAt() > signalledAt)
        .map(CrashDurabilityTest::answer).distinct().toList();
    System.out.printf("SIGTERM: exit %d, %d starts acknowledged; in flight at the signal: %s; sent afterwards: %s%n",
        exitCode, acknowledged.size(), inFlight, afterwards);

    Set<String> present;
    long instances;
    List<?> pendingMail;
    try (PlatformNode restarted = node("h2-sigterm-restart", directory)) {
      present = present(restarted, acknowledged);
      instances = carryOuts(restarted);
      pendingMail = awaitNoPendingMail(restarted, Duration.ofSeconds(60));
    }
    List<String> lost = new ArrayList<>(acknowledged);
    lost.removeAll(present);

    assertThat(exitCode).as("ended by SIGTERM after its shutdown hooks (128 + 15)").isEqualTo(143);
    assertThat(problems(log)).as("errors in the node's log (target/cluster/h2-sigterm.log)").isEmpty();
    assertThat(order(log, "Commencing graceful shutdown", "Graceful shutdown complete",
        "ENGINE-14020", "ENGINE-00007 Process Engine default closed", "HikariPool-1 - Shutdown completed"))
        .as("requests finish, then job acquisition and the engine stop, then the pool and the database close")
        .isTrue();
    assertThat(inFlight).as("requests in flight at the signal").isNotEmpty()
        .as("every request in flight was answered (2xx, or 503 if Tomcat read it only after pausing)")
        .allMatch(answer -> answer.startsWith("HTTP 2") || answer.equals("HTTP 503"))
        .as("at least one request in flight was finished").anyMatch(answer -> answer.startsWith("HTTP 2"));
    assertThat(lost).as("acknowledged starts missing after the restart, of " + acknowledged.size()).isEmpty();
    // Tomcat may read a request in the instant it pauses, before Spring's graceful shutdown can see it (not yet
    // at the servlet); the connector then closes its socket while it runs: done, but unanswered. Only a request
    // sent after the signal can meet that (src/docs/operations.md).
    long unansweredAfterSignal = outcomes.stream().filter(o -> o.sentAt() > signalledAt && o.status() == 0).count();
    assertThat(instances - acknowledged.size()).as("starts done without an answer").isBetween(0L, unansweredAfterSignal);
    assertThat(pendingMail).as("mail of the stopped node left locked or unsent").isEmpty();
  }

  private static PlatformNode node(String name, Path directory) throws Exception {
    PlatformNode node = PlatformNode.start(name, PlatformNode.freePort(), 
        // C1 only and one GC thread: the nodes start faster on the shared 2 cores
        List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
        List.of("--spring.main.banner-mode=off"), directory);
    try {
      node.awaitUp(Duration.ofMinutes(3));
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
    return node;
  }

  private static String answer(Outcome outcome) {
    return outcome.status() == 0 ? outcome.error() : "HTTP " + outcome.status();
  }

  private static List<String> acknowledgedIds(List<Outcome> outcomes) {
    List<String> ids = outcomes.stream().filter(Outcome::acknowledged).map(Outcome::instanceId).toList();
    assertThat(ids).as("every 2xx named its instance").doesNotContainNull();
    return ids;
  }

  /** The ids among {@code ids} the engine knows, running or finished (history records every start). */
  private static Set<String> present(PlatformNode node, List<String> ids) {
    Http http = new Http(node.port);
    Set<String> found = new HashSet<>();
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      Http.Reply reply = http.post("admin", "/engine-rest/history/process-instance?maxResults=2000",
          Http.json(Map.of("processInstanceIds", chunk)));
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      for (JsonNode instance : reply.json()) {
        found.add(instance.get("id").asText());
      }
    }
    return found;
  }

  /** Every carry-out the database holds, acknowledged or not. */
  private static long carryOuts(PlatformNode node) {
    Http.Reply reply = new Http(node.port).get("admin",
        "/engine-rest/history/process-instance/count?processDefinitionKey=media-carry-out");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().get("count").asLong();
  }

  /**
   * Waits for the restarted node to send (log) the mail the stopped node had queued; a job the stopped
   * node had locked without running it would stay locked for the lock time (5 minutes).
   */
  private static List<?> awaitNoPendingMail(PlatformNode node, Duration timeout) throws InterruptedException {
    Http http = new Http(node.port);
    Instant end = Instant.now().plus(timeout);
    while (true) {
      Http.Reply reply = http.get("admin", "/api/admin/mail-outbox?status=PENDING&limit=1000");
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      List<JsonNode> pending = new ArrayList<>();
      reply.json().forEach(pending::add);
      if (pending.isEmpty() || Instant.now().isAfter(end)) {
        return pending;
      }
      Thread.sleep(500);
    }
  }

  /**
   * ERROR and WARN lines and exceptions from the signal on (a clean stop writes none), and anywhere the
   * failure the issue saw.
   */
  private static List<String> problems(String log) {
    List<String> found = new ArrayList<>(log.lines().filter(line -> line.contains("Database is already closed")).toList());
    int signal = Math.max(0, log.indexOf("Commencing graceful shutdown"));
    log.substring(signal).lines()
        .filter(line -> line.contains(" ERROR ") || line.contains(" WARN ") || line.contains("Exception"))
        .forEach(found::add);
    return found.stream().map(line -> line.length() > 300 ? line.substring(0, 300) + "…" : line).toList();
  }

  /** Whether each of {@code markers} appears in the log after the one before it. */
  private static boolean order(String log, String... markers) {
    int at = 0;
    for (String marker : markers) {
      at = log.indexOf(marker, at);
      if (at < 0) {
        return false;
      }
    }
    return true;
  }
}
