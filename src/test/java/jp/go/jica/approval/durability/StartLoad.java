package jp.go.jica.approval.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;

/**
 * Employees asking to carry out media over engine REST from concurrent clients, as fast as the
 * platform answers; every request's outcome is kept, so a test can tell what was acknowledged.
 */
final class StartLoad {

  /** One start request: when it was sent and ended (nanoTime), and its answer or the I/O error instead. */
  record Outcome(long sentAt, long endedAt, int status, String instanceId, String error) {
    boolean acknowledged() {
      return status >= 200 && status < 300;
    }
  }

  private static final String[] APPLICANTS = {"ga-staff", "proc-staff", "it-staff"};
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int port;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final AtomicInteger acknowledged = new AtomicInteger();
  private final List<Thread> clients = new ArrayList<>();
  private volatile boolean running;

  StartLoad(int port) {
    this.port = port;
  }

  /** Starts {@code count} client threads, each sending one start after the other. */
  StartLoad begin(int count) {
    running = true;
    for (int i = 0; i < count; i++) {
      String applicant = APPLICANTS[i % APPLICANTS.length];
      Thread thread = new Thread(() -> {
        while (running) {
          outcomes.add(startOne(applicant));
        }
      }, "start-load-" + i);
      thread.setDaemon(true);
      thread.start();
      clients.add(thread);
    }
    return this;
  }

  private Outcome startOne(String applicant) {
    // integrity 2: the section's iso permits, so each start also routes a task and queues a mail job
    Map<String, Object> values = MediaCarryOutProcessTest.carryOut("1", "2", "1");
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/engine-rest/process-definition/key/media-carry-out/start"))
        .timeout(Duration.ofSeconds(90))
        .header("Content-Type", "application/json")
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((applicant + ":demo").getBytes(StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString(Http.variables(values), StandardCharsets.UTF_8))
        .build();
    long sent = System.nanoTime();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      String id = null;
      if (response.statusCode() / 100 == 2) {
        JsonNode body = JSON.readTree(response.body());
        id = body.path("id").asText(null);
        acknowledged.incrementAndGet();
      }
      return new Outcome(sent, System.nanoTime(), response.statusCode(), id,
          id == null ? abbreviate(response.body()) : null);
    } catch (IOException e) {
      return new Outcome(sent, System.nanoTime(), 0, null, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      return new Outcome(sent, System.nanoTime(), 0, null, "interrupted");
    }
  }

  private static String abbreviate(String text) {
    return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }

  int acknowledged() {
    return acknowledged.get();
  }

  /** Waits until {@code count} starts have been acknowledged, failing when no progress comes. */
  void awaitAcknowledged(int count, Duration timeout) throws InterruptedException {
    Instant end = Instant.now().plus(timeout);
    while (acknowledged.get() < count) {
      if (Instant.now().isAfter(end)) {
        throw new IllegalStateException("only " + acknowledged.get() + " of " + count + " starts acknowledged in "
            + timeout + "; outcomes: " + summary());
      }
      Thread.sleep(20);
    }
  }

  /** Stops sending and waits for the requests still open (they end when the node is gone or answers). */
  List<Outcome> stop() throws InterruptedException {
    running = false;
    for (Thread thread : clients) {
      thread.join(Duration.ofSeconds(120).toMillis());
    }
    return new ArrayList<>(outcomes);
  }

  /** Outcomes grouped by answer, for failure messages and the run's printout. */
  String summary() {
    Map<String, Long> byAnswer = new java.util.TreeMap<>();
    for (Outcome outcome : outcomes) {
      String key = outcome.status() == 0 ? "error " + outcome.error() : "HTTP " + outcome.status();
      byAnswer.merge(key, 1L, Long::sum);
    }
    return byAnswer.toString();
  }
}
