package jp.go.jica.approval.cluster;

import static jp.go.jica.approval.PlatformNode.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformNode;
import jp.go.jica.approval.byod.ByodPermissionProcessTest;
import jp.go.jica.approval.cloud.CloudServiceApprovalProcessTest;
import jp.go.jica.approval.exception.ExceptionMeasureProcessTest;
import jp.go.jica.approval.incident.IncidentResponseProcessTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import jp.go.jica.approval.outsourcing.OutsourcingSelectionProcessTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The restore procedure of docs/operations.md ("Backup and restore"), done for real: the platform runs on
 * PostgreSQL A with open tasks of several processes; {@code pg_dump} (custom format) backs A up while it runs;
 * the dump is restored with {@code pg_restore} into a new database on a fresh PostgreSQL B; the platform starts
 * on B with every open task (id, assignee, process, variables), every register row and every engine job intact,
 * and a task is completed on B.
 */
class BackupRestoreOnPostgresTest {

  private static final List<AutoCloseable> OPENED = new ArrayList<>();
  private static final Path WORK = Path.of("target", "backup-restore").toAbsolutePath();

  @AfterAll
  static void stopEverything() throws Exception {
    for (int i = OPENED.size() - 1; i >= 0; i--) {
      OPENED.get(i).close();
    }
  }

  @Test
  void aDumpRestoredIntoAFreshPostgresStartsThePlatformWithEveryOpenTaskIntact() throws Exception {
    // Given the platform on PostgreSQL A with open cases of several processes, one of them a step further
    EmbeddedPostgres a = opened(EmbeddedPostgres.builder().start());
    JdbcTemplate dbA = new JdbcTemplate(a.getPostgresDatabase());
    PlatformNode nodeA = opened(PlatformNode.start("restore-a", freePort(), arguments(a.getJdbcUrl("postgres", "postgres"))));
    nodeA.awaitUp(Duration.ofMinutes(3));
    Http onA = new Http(nodeA.port);
    List<String> cases = new ArrayList<>();
    cases.add(start(onA, "ga-staff", "exception-measure", ExceptionMeasureProcessTest.application()));
    cases.add(start(onA, "ga-staff", "byod-permission", ByodPermissionProcessTest.publicInformation()));
    cases.add(start(onA, "ga-staff", "outsourcing-selection", OutsourcingSelectionProcessTest.plain()));
    cases.add(start(onA, "ga-staff", "cloud-service-approval", CloudServiceApprovalProcessTest.confidential()));
    cases.add(start(onA, "ga-staff", "incident-response", IncidentResponseProcessTest.report("復元の試験")));
    // and a carry-out of public information, which needs no permission: out, waiting for its return
    String carryOut = start(onA, "ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "1", "1"));
    JsonNode byodReview = openTask(onA, cases.get(1));
    complete(onA, byodReview.get("assignee").asText(), byodReview.get("id").asText(),
        Map.of("decision", "approve", "decisionComment", "復元前に承認"));
    awaitQuiet(dbA);
    Map<String, List<Map<String, Object>>> before = snapshot(dbA);
    List<List<Map<String, Object>>> figuresOnA = documentedCheck(dbA);
    assertThat(before.get("act_ru_task")).as("open tasks on A").hasSizeGreaterThanOrEqualTo(cases.size());
    assertThat(before.get("act_ru_execution")).as("the carry-out under way").anyMatch(row -> carryOut.equals(row.get("proc_inst_id_")));
    assertThat(before.get("act_ru_task")).as("every task has its holder")
        .allMatch(task -> task.get("assignee_") != null);

    // When A is backed up while the platform runs (pg_dump, custom format)
    Files.createDirectories(WORK);
    Path dump = WORK.resolve("approval.dump");
    run("pg_dump", "--format=custom", "--host=localhost", "--port=" + a.getPort(), "--username=postgres",
        "--dbname=postgres", "--file=" + dump);
    assertThat(snapshot(dbA)).as("nothing moved on A while it was dumped").isEqualTo(before);
    assertThat(nodeA.terminate(Duration.ofSeconds(60))).as("node A stops cleanly").isIn(0, 143);

    // And the dump is restored into a new, empty database on a fresh PostgreSQL B
    EmbeddedPostgres b = opened(EmbeddedPostgres.builder().start());
    new JdbcTemplate(b.getPostgresDatabase()).execute("create database approval");
    run("pg_restore", "--no-owner", "--exit-on-error", "--host=localhost", "--port=" + b.getPort(),
        "--username=postgres", "--dbname=approval", dump.toString());
    JdbcTemplate dbB = new JdbcTemplate(b.getDatabase("postgres", "approval"));

    // And the platform starts on B
    PlatformNode nodeB = opened(PlatformNode.start("restore-b", freePort(), arguments(b.getJdbcUrl("postgres", "approval"))));
    nodeB.awaitUp(Duration.ofMinutes(3));

    // Then every open task, variable, job, case and register row is on B as it was on A
    Map<String, List<Map<String, Object>>> after = snapshot(dbB);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((table, rows) -> {
      if (table.equals("apr_org_chart_load")) {
        // each start records its load of the chart: B's own comes on top of A's
        assertThat(after.get(table)).as("chart loads on B").containsAll(rows).hasSize(rows.size() + 1);
      } else {
        assertThat(after.get(table)).as("rows of %s on B", table).containsExactlyInAnyOrderElementsOf(rows);
      }
    });
    assertThat(documentedCheck(dbB)).as("the figures of docs/backup-check.sql").isEqualTo(figuresOnA);
    assertThat(dbB.queryForObject("select count(*) from flyway_schema_history where success", Integer.class))
        .as("no migration ran again").isEqualTo(dbA.queryForObject("select count(*) from flyway_schema_history where success",
            Integer.class));
    Http onB = new Http(nodeB.port);
    for (String instance : cases) {
      JsonNode task = openTask(onB, instance);
      Map<String, Object> onAOnly = before.get("act_ru_task").stream()
          .filter(row -> instance.equals(row.get("proc_inst_id_"))).findFirst().orElseThrow();
      assertThat(task.get("id").asText()).as("task of %s", instance).isEqualTo(onAOnly.get("id_"));
      assertThat(task.get("assignee").asText()).isEqualTo(onAOnly.get("assignee_"));
      // the holder finds it in their own list, as in Tasklist
      JsonNode mine = onB.get(task.get("assignee").asText(), "/engine-rest/task?maxResults=50&assignee="
          + task.get("assignee").asText()).json();
      assertThat(mine.findValuesAsText("id")).as("%s's tasks on B", task.get("assignee").asText())
          .contains(task.get("id").asText());
    }
    JsonNode exceptionVariables = onB.get("admin", "/engine-rest/process-instance/" + cases.get(0) + "/variables").json();
    assertThat(exceptionVariables.path("applicant").path("value").asText()).isEqualTo("ga-staff");
    // And a case goes on on B: the exception request's reviewer decides it
    JsonNode review = openTask(onB, cases.get(0));
    complete(onB, review.get("assignee").asText(), review.get("id").asText(),
        Map.of("decision", "approve", "decisionComment", "復元後に承認"));
    assertThat(dbB.queryForObject("select count(*) from apr_exception_ledger where process_instance_id = ? and decision = 'approve'",
        Integer.class, cases.get(0))).as("the decision recorded on B").isEqualTo(1);
    assertThat(nodeB.log()).doesNotContain(" ERROR ");
  }

  /** The node's arguments: default profile (demo org chart) on the given PostgreSQL, mail to the log. */
  private static List<String> arguments(String jdbcUrl) {
    return List.of("--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
        "--spring.datasource.password=postgres", "--spring.main.banner-mode=off",
        "--approval.security.startable-processes=exception-measure,outsourcing-selection,cloud-service-approval,"
            + "byod-permission,media-carry-out,incident-response");
  }

  private static String start(Http node, String applicant, String process, Map<String, Object> variables) {
    Http.Reply reply = node.post(applicant, "/engine-rest/process-definition/key/" + process + "/start",
        Http.variables(variables));
    assertThat(reply.status()).as("%s: %s", process, reply.body()).isEqualTo(200);
    return reply.json().get("id").asText();
  }

  private static JsonNode openTask(Http node, String processInstanceId) {
    JsonNode tasks = node.get("admin", "/engine-rest/task?maxResults=10&processInstanceId=" + processInstanceId).json();
    assertThat(tasks.size()).as("open tasks of %s", processInstanceId).isPositive();
    return tasks.get(0);
  }

  private static void complete(Http node, String user, String taskId, Map<String, Object> variables) {
    Http.Reply reply = node.post(user, "/engine-rest/task/" + taskId + "/complete", Http.variables(variables));
    assertThat(reply.status()).as(reply.body()).isEqualTo(204);
  }

  /** The runtime state and the platform's tables, row by row (binary values as their bytes). */
  private static Map<String, List<Map<String, Object>>> snapshot(JdbcTemplate db) {
    Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
    for (String table : List.of("act_ru_task", "act_ru_variable", "act_ru_execution", "act_ru_identitylink",
        "act_re_procdef", "act_hi_procinst")) {
      tables.put(table, rows(db, table));
    }
    // the jobs as they are due, not who happens to hold a lock on them at the moment
    tables.put("act_ru_job", db.queryForList("select id_, type_, duedate_, handler_type_, handler_cfg_, process_instance_id_, "
        + "retries_, exception_msg_ from act_ru_job"));
    db.queryForList("select table_name from information_schema.tables where table_schema = 'public' "
        + "and table_name like 'apr\\_%' order by 1", String.class).forEach(table -> tables.put(table, rows(db, table)));
    return tables;
  }

  private static List<Map<String, Object>> rows(JdbcTemplate db, String table) {
    return db.queryForList("select * from " + table).stream().map(row -> {
      Map<String, Object> copy = new LinkedHashMap<>();
      row.forEach((column, value) -> copy.put(column.toLowerCase(), value instanceof byte[] bytes ? Arrays.toString(bytes) : value));
      return copy;
    }).toList();
  }

  /** The answers of each statement of docs/backup-check.sql, the operator's check after a restore. */
  private static List<List<Map<String, Object>>> documentedCheck(JdbcTemplate db) throws IOException {
    String script = Files.readString(Path.of("docs", "backup-check.sql")).replaceAll("(?m)^--.*$", "");
    List<List<Map<String, Object>>> answers = new ArrayList<>();
    for (String statement : script.split(";")) {
      if (!statement.isBlank()) {
        answers.add(db.queryForList(statement));
      }
    }
    assertThat(answers).hasSize(5);
    return answers;
  }

  /** Waits until no job is due or locked (the mails of the starts are written), so that A stands still. */
  private static void awaitQuiet(JdbcTemplate db) throws InterruptedException {
    Instant end = Instant.now().plusSeconds(60);
    while (db.queryForObject("select count(*) from act_ru_job where lock_owner_ is not null "
        + "or duedate_ is null or duedate_ <= now()", Integer.class) > 0) {
      assertThat(Instant.now()).as("jobs done on A").isBefore(end);
      Thread.sleep(250);
    }
  }

  /** Runs a PostgreSQL client tool (Debian's postgresql-client, see .ci/run) and fails with its output. */
  private static void run(String... command) throws IOException, InterruptedException {
    Path log = WORK.resolve(command[0] + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("PGPASSWORD", "postgres");
    Process process = builder.start();
    process.getOutputStream().close();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command[0]).isTrue();
    assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), Files.readString(log)).isZero();
  }

  private static <T extends AutoCloseable> T opened(T closeable) {
    OPENED.add(closeable);
    return closeable;
  }
}
