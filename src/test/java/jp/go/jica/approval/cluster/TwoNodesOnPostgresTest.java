package jp.go.jica.approval.cluster;

import static jp.go.jica.approval.PlatformNode.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformNode;
import jp.go.jica.approval.exception.ExceptionMeasureProcessTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two platform nodes (separate JVMs) on one PostgreSQL, the homogeneous cluster of Camunda 7:
 * requests are spread over both, one node is killed while its timers and mails are due, and the
 * other finishes its work after the lock time. Every timer fires once, every mail arrives once,
 * every request has exactly one ledger line.
 */
class TwoNodesOnPostgresTest {

  private static final int LOCK_MILLIS = 6000;
  private static EmbeddedPostgres postgres;
  private static GreenMail smtp;
  private static PlatformNode a;
  private static PlatformNode b;
  private static JdbcTemplate db;
  private static SlowProxy slowSmtp;

  @BeforeAll
  static void startTheCluster() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    db = new JdbcTemplate(postgres.getPostgresDatabase());
    smtp = new GreenMail(new ServerSetup(freePort(), null, ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    slowSmtp = new SlowProxy(smtp.getSmtp().getPort(), 4000);
    List<String> common = List.of(
        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
        "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
        "--spring.mail.host=localhost",
        "--approval.exception.review-reminder=PT5S",
        "--approval.mail.retry-delays=PT2S",
        "--camunda.bpm.job-execution.lock-time-in-millis=" + LOCK_MILLIS,
        "--camunda.bpm.job-execution.wait-time-in-millis=200",
        "--camunda.bpm.job-execution.max-wait=1000",
        "--spring.main.banner-mode=off");
    // One after the other: the first node creates the schemas, the second finds them.
    a = PlatformNode.start("node-a", freePort(), with(common, "--spring.mail.port=" + smtp.getSmtp().getPort()));
    a.awaitUp(Duration.ofMinutes(3));
    // Node B's mail is slow, so that B holds locked, unfinished jobs at the moment it is killed.
    b = PlatformNode.start("node-b", freePort(), with(common, "--spring.mail.port=" + slowSmtp.port()));
    b.awaitUp(Duration.ofMinutes(3));
  }

  private static List<String> with(List<String> arguments, String more) {
    List<String> all = new ArrayList<>(arguments);
    all.add(more);
    return all;
  }

  @AfterAll
  static void stopTheCluster() throws Exception {
    if (slowSmtp != null) {
      slowSmtp.close();
    }
    for (AutoCloseable closeable : new AutoCloseable[] {a, b}) {
      if (closeable != null) {
        closeable.close();
      }
    }
    if (smtp != null) {
      smtp.stop();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aKilledNodeLosesNothingAndNoTimerRunsTwice() throws Exception {
    Http onA = new Http(a.port);
    Http onB = new Http(b.port);
    for (Http node : List.of(onA, onB)) {
      assertThat(node.get(null, "/camunda/app/tasklist/default/").status()).as("Tasklist served").isEqualTo(200);
      assertThat(node.get("ga-staff", "/engine-rest/process-definition/key/exception-measure").status()).isEqualTo(200);
    }
    String[] applicants = {"ga-staff", "proc-staff", "it-staff"};
    List<String> open = new ArrayList<>();
    List<String> decided = new ArrayList<>();

    // Phase 1: starts on alternating nodes, every other request decided on the other node.
    Instant phaseOne = Instant.now();
    for (int i = 0; i < 12; i++) {
      Http starter = i % 2 == 0 ? onA : onB;
      String id = start(starter, applicants[i % 3]);
      if (i % 4 < 2) {
        approve(i % 2 == 0 ? onB : onA, id);
        decided.add(id);
      } else {
        open.add(id);
      }
    }
    // The reminders fall due on both nodes; node B dies while it is still sending the mails it has locked.
    sleepUntil(phaseOne.plusMillis(5000));
    awaitTrue(Duration.ofSeconds(20), () -> lockedJobs() > 0);
    int lockedAtKill = lockedJobs();
    b.kill();

    // Phase 2: the load balancer sends everything to node A.
    for (int i = 12; i < 24; i++) {
      String id = start(onA, applicants[i % 3]);
      if (i % 4 < 2) {
        approve(onA, id);
        decided.add(id);
      } else {
        open.add(id);
      }
    }

    awaitTrue(Duration.ofSeconds(90), () -> remindersOf(open) == open.size() && unsentMails() == 0
        && distinctReceived() == sentMails());
    Thread.sleep(LOCK_MILLIS + 2000); // a duplicate would arrive within another lock period

    System.out.printf("two nodes: %d requests, %d reminders, %d mails, %d jobs locked when node B was killed%n",
        open.size() + decided.size(), reminders(), smtp.getReceivedMessages().length, lockedAtKill);
    List<String> ledger = db.queryForList("select ledger_number from apr_exception_ledger", String.class);
    assertThat(lockedAtKill).as("node B held locked jobs when it died").isPositive();
    assertThat(lockedJobs()).as("no job left locked").isZero();
    assertThat(ledger).as("one ledger line per request").hasSize(24).doesNotHaveDuplicates();
    for (String id : open) {
      assertThat(db.queryForObject("select count(*) from act_hi_actinst where proc_inst_id_ = ? and act_id_ = 'remindReviewer'",
          Integer.class, id)).as("reminder timer of " + id + " ran once").isEqualTo(1);
    }
    for (String id : decided) {
      assertThat(db.queryForObject("select count(*) from apr_exception_ledger where process_instance_id = ? and decision = 'approve'",
          Integer.class, id)).as("decision recorded for " + id).isEqualTo(1);
    }
    assertThat(strangers()).as("every mail received carries its outbox row as Message-ID").isEmpty();
    MimeMessage[] received = smtp.getReceivedMessages();
    Set<String> messageIds = Arrays.stream(received).map(TwoNodesOnPostgresTest::messageId).collect(Collectors.toSet());
    assertThat(messageIds).as("each mail of the outbox received, under its own Message-ID").hasSize(sentMails());
    // A node killed after its SMTP server took a mail but before the outbox row said so cannot know it was
    // delivered: node A sends it again, and only then. The copy carries the same Message-ID, so mail
    // clients show it once; anything beyond the jobs B held would be a real duplicate.
    assertThat(received.length - messageIds.size()).as("copies resent after node B's death")
        .isBetween(0, lockedAtKill);
    // On a slow machine a decided request's reminder may fall due before its decision: count every fired one.
    assertThat(db.queryForObject("select count(*) from apr_mail_outbox where subject like '%督促%'", Integer.class))
        .as("one reminder mail per fired reminder").isEqualTo(reminders()).isGreaterThanOrEqualTo(open.size());
  }

  private static String start(Http node, String applicant) {
    Http.Reply reply = node.post(applicant, "/engine-rest/process-definition/key/exception-measure/start",
        Http.variables(ExceptionMeasureProcessTest.application()));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json().get("id").asText();
  }

  private static void approve(Http node, String processInstanceId) {
    JsonNode task = node.get("admin", "/engine-rest/task?maxResults=10&processInstanceId=" + processInstanceId).json().get(0);
    assertThat(task).as("review task of " + processInstanceId).isNotNull();
    Http.Reply reply;
    int attempts = 0;
    do {
      // A decision that meets its own reminder timer firing on the other node loses the optimistic lock
      // (REST 409, error code 1); the approver presses 完了 again, as in Tasklist.
      reply = node.post(task.get("assignee").asText(), "/engine-rest/task/" + task.get("id").asText() + "/complete",
          Http.variables(Map.of("decision", "approve", "decisionComment", "")));
    } while (reply.status() == 409 && reply.json().path("code").asInt() == 1 && ++attempts < 3);
    assertThat(reply.status()).as(reply.body()).isEqualTo(204);
  }

  private static int reminders() {
    return db.queryForObject("select count(*) from act_hi_actinst where act_id_ = 'remindReviewer' and end_time_ is not null",
        Integer.class);
  }

  private static int remindersOf(List<String> instances) {
    return (int) instances.stream().mapToInt(id -> db.queryForObject("select count(*) from act_hi_actinst"
        + " where proc_inst_id_ = ? and act_id_ = 'remindReviewer' and end_time_ is not null", Integer.class, id)).sum();
  }

  private static int lockedJobs() {
    return db.queryForObject("select count(*) from act_ru_job where lock_owner_ is not null", Integer.class);
  }

  /** Received mails whose Message-ID names no outbox row, as "subject <id>". */
  private static List<String> strangers() {
    Set<String> outbox = db.queryForList("select id from apr_mail_outbox", String.class).stream()
        .map(id -> "<" + id + "@approval-platform.local>").collect(Collectors.toSet());
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> !outbox.contains(messageId(m))).map(m -> {
      try {
        return m.getSubject() + " " + messageId(m);
      } catch (jakarta.mail.MessagingException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static int distinctReceived() {
    return (int) Arrays.stream(smtp.getReceivedMessages()).map(TwoNodesOnPostgresTest::messageId).distinct().count();
  }

  private static int unsentMails() {
    return db.queryForObject("select count(*) from apr_mail_outbox where status <> 'SENT'", Integer.class);
  }

  private static int sentMails() {
    return db.queryForObject("select count(*) from apr_mail_outbox where status = 'SENT'", Integer.class);
  }

  private static String messageId(MimeMessage message) {
    try {
      return message.getMessageID();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitTrue(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    Instant end = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("not reached within " + timeout + ": reminders=" + reminders() + ", unsent="
            + unsentMails() + ", received=" + smtp.getReceivedMessages().length + " (" + distinctReceived()
            + " distinct), sent=" + sentMails() + "; received but not in the outbox: " + strangers());
      }
      Thread.sleep(250);
    }
  }

  private static void sleepUntil(Instant instant) throws InterruptedException {
    long millis = Duration.between(Instant.now(), instant).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }
}
