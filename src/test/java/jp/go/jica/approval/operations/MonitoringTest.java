package jp.go.jica.approval.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.organization.OrgChartException;
import jp.go.jica.approval.organization.OrgChartService;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.StatusAggregator;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * /actuator/prometheus and /actuator/health as Prometheus, the load balancer and an administrator see them, with the
 * real engine's incidents, the real mail outbox and the real org chart reload behind the numbers.
 */
class MonitoringTest extends PlatformTest {

  static final String SCRAPER = "prometheus:scrape-secret";

  @LocalServerPort int port;
  @Autowired PlatformReadings readings;
  @Autowired OrgChartService charts;
  @Autowired StatusAggregator statusAggregator;
  @Autowired HttpCodeStatusMapper statusCodes;

  GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  @AfterEach
  void stopSmtp() {
    smtp.stop();
  }

  Http http() {
    return new Http(port);
  }

  Scrape scrape() {
    readings.refresh();
    Http.Reply reply = http().get(SCRAPER, "/actuator/prometheus");
    assertThat(reply.status()).isEqualTo(200);
    return Scrape.of(reply.body());
  }

  @Test
  void onlyAdministratorsAndTheScraperAccountReadTheMetrics() {
    // Given the platform with a scraper account (application-test.yml)
    // When anonymous, an employee, the scraper, a wrong scraper password and an administrator ask for the metrics
    Http.Reply anonymous = http().get(null, "/actuator/prometheus");
    Http.Reply employee = http().get("ga-staff", "/actuator/prometheus");
    Http.Reply wrongPassword = http().get("prometheus:wrong", "/actuator/prometheus");
    Http.Reply scraper = http().get(SCRAPER, "/actuator/prometheus");
    Http.Reply administrator = http().get("admin", "/actuator/prometheus");

    // Then only the scraper and the administrator get them
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(employee.status()).isEqualTo(403);
    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(anonymous.body() + employee.body() + wrongPassword.body()).doesNotContain("approval_");
    assertThat(scraper.status()).isEqualTo(200);
    assertThat(scraper.body()).contains("approval_job_backlog ", "approval_mail_outbox{status=\"FAILED\"}");
    assertThat(administrator.status()).isEqualTo(200);
    // And no other spelling of the path lets anyone else in
    for (String path : List.of("/actuator/prometheus/", "/actuator//prometheus", "/ACTUATOR/prometheus",
        "/actuator/Prometheus", "/actuator/%70rometheus", "/actuator/prometheus;x=1", "/actuator/./prometheus")) {
      for (String caller : java.util.Arrays.asList(null, "ga-staff")) {
        Http.Reply reply = http().get(caller, path);
        assertThat(reply.status()).as("%s by %s", path, caller).isNotEqualTo(200);
        assertThat(reply.body()).as("%s by %s", path, caller).doesNotContain("approval_");
      }
    }
    // And the scraper account opens nothing else: no other actuator endpoint, no engine REST, no platform API
    assertThat(http().get(SCRAPER, "/actuator/env").status()).isEqualTo(403);
    assertThat(http().get(SCRAPER, "/engine-rest/task?maxResults=1").status()).isEqualTo(401);
    assertThat(http().get(SCRAPER, "/api/cases").status()).isEqualTo(401);
  }

  @Test
  void theMetricsCountRequestsTasksOverdueTasksAndEscalationsPerProcessAndStep() {
    // Given the numbers before
    String tasksSeries = "approval_open_tasks{process=\"sample-approval\",step=\"reviewRequest\"}";
    String overdueSeries = "approval_overdue_tasks{process=\"sample-approval\",step=\"reviewRequest\"}";
    String requestsSeries = "approval_open_requests{process=\"sample-approval\"}";
    String escalationSeries = "approval_escalations_total{reason=\"ADMIN_REASSIGNED\"}";
    Scrape before = scrape();

    // When ga-staff applies, the review falls overdue and an administrator moves it up
    ProcessInstance request = start("ga-staff", "sample-approval", Map.of("title", "監視の確認", "confidentiality", "1"));
    Task review = task(request, "reviewRequest");
    jdbc.update("update act_ru_task set due_date_ = ? where id_ = ?", Timestamp.from(Instant.now().minus(Duration.ofDays(2))),
        review.getId()); // two days pass
    Scrape opened = scrape();
    Http.Reply moved = http().post("admin", "/api/admin/tasks/" + review.getId() + "/reassign",
        "{\"reason\": \"期限超過のため上位者へ\"}");
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    Scrape after = scrape();

    // Then the request, its task, the overdue task and the move are counted where they belong
    assertThat(opened.value(requestsSeries)).isEqualTo(before.value(requestsSeries) + 1);
    assertThat(opened.value(tasksSeries)).isEqualTo(before.value(tasksSeries) + 1);
    assertThat(opened.value(overdueSeries)).isEqualTo(before.value(overdueSeries) + 1);
    assertThat(after.value(escalationSeries)).isEqualTo(before.value(escalationSeries) + 1);
    runtime.deleteProcessInstance(request.getId(), "monitoring test done");
    assertThat(scrape().value(tasksSeries)).isEqualTo(before.value(tasksSeries));
  }

  @Test
  void anInvalidOrUnreadableOrgChartCountsAsALoadFailureUntilAGoodChartLoads() throws Exception {
    // Given the failures so far
    double failures = scrape().value("approval_org_chart_load_failures_total");

    // When an administrator reloads a broken chart
    Files.writeString(ORG_CHART, "units: [ this is not a chart");
    try {
      charts.reload("admin");
    } catch (OrgChartException expected) {
      // the previous chart stays in force
    } finally {
      Files.writeString(ORG_CHART, demoChart());
    }
    Scrape refused = scrape();
    // And reloads while the file cannot be read at all
    Files.move(ORG_CHART, ORG_CHART.resolveSibling("moved-away.yml"), StandardCopyOption.REPLACE_EXISTING);
    try {
      charts.reload("admin");
    } catch (OrgChartException expected) {
      // the previous chart stays in force
    } finally {
      Files.move(ORG_CHART.resolveSibling("moved-away.yml"), ORG_CHART);
    }
    Scrape unreadable = scrape();
    charts.reload("admin");

    // Then each failure is counted and flagged, and the flag clears with the next good load
    assertThat(refused.value("approval_org_chart_load_failures_total")).isEqualTo(failures + 1);
    assertThat(refused.value("approval_org_chart_last_load_refused")).isEqualTo(1);
    assertThat(unreadable.value("approval_org_chart_load_failures_total")).isEqualTo(failures + 2);
    assertThat(scrape().value("approval_org_chart_last_load_refused")).isZero();
  }

  @Test
  void anonymousCallersSeeTheHealthStatusOnlyAndAdministratorsSeeEveryComponent() {
    // When the load balancer and an administrator ask for health, and an employee too
    Http.Reply anonymous = http().get(null, "/actuator/health");
    Http.Reply employee = http().get("ga-staff", "/actuator/health");
    Http.Reply administrator = http().get("admin", "/actuator/health");

    // Then the anonymous and the employee answer names the status and nothing else
    assertThat(anonymous.status()).isEqualTo(200);
    assertThat(fieldNames(anonymous.json())).containsExactlyInAnyOrder("status", "groups");
    assertThat(fieldNames(employee.json())).containsExactlyInAnyOrder("status", "groups");
    assertThat(http().get(null, "/actuator/health/mailOutbox").status()).isEqualTo(401);
    assertThat(http().get("ga-staff", "/actuator/health/mailOutbox").status()).isEqualTo(403);
    assertThat(http().get("admin", "/actuator/health/mailOutbox").json().has("details")).isTrue();
    // And the administrator sees the database, the job executor, the outbox and the incidents
    assertThat(fieldNames(administrator.json().path("components")))
        .contains("db", "jobExecution", "mailOutbox", "engineIncidents", "livenessState", "readinessState")
        .as("SMTP down (no GreenMail here) is the outbox's business, not a DOWN node").doesNotContain("mail");
    assertThat(administrator.json().at("/components/jobExecution/details/jobExecution").asText())
        .as("the tests run no job executor").contains("disabled");
  }

  @Test
  void livenessAsksOnlyWhetherTheJvmAnswersAndReadinessChecksWhatServingNeeds() {
    // When an administrator reads both probes
    JsonNode liveness = http().get("admin", "/actuator/health/liveness").json();
    JsonNode readiness = http().get("admin", "/actuator/health/readiness").json();

    // Then liveness has the liveness state only; readiness the database, the job executor and the degraded checks
    assertThat(fieldNames(liveness.path("components"))).containsExactly("livenessState");
    assertThat(liveness.path("status").asText()).isEqualTo("UP");
    assertThat(fieldNames(readiness.path("components")))
        .containsExactlyInAnyOrder("db", "engineIncidents", "jobExecution", "mailOutbox", "readinessState");
  }

  @Test
  void aStuckMailAndAFailedMailsEngineIncidentMakeReadinessDegradedButStill200() {
    // Given SMTP down: one request's mail fails until the engine raises an incident, another's waits for an hour
    String baseline = http().get(null, "/actuator/health/readiness").json().path("status").asText();
    ProcessInstance failing = start("ga-staff", "sample-approval", Map.of("title", "失敗するメール", "confidentiality", "1"));
    runMailJobsIgnoringFailures(failing);
    runMailJobsIgnoringFailures(failing);
    Job failed = management.createJobQuery().processInstanceId(failing.getId()).withException().singleResult();
    assertThat(runtime.createIncidentQuery().configuration(failed.getId()).count()).isEqualTo(1);
    ProcessInstance waiting = start("ga-staff", "sample-approval", Map.of("title", "滞留するメール", "confidentiality", "1"));
    jdbc.update("update apr_mail_outbox set created_at = ? where process_instance_id = ?",
        Timestamp.from(Instant.now().minus(Duration.ofHours(1))), waiting.getId()); // an hour passes
    readings.refresh();

    // When the load balancer and an administrator ask whether the node is ready
    Http.Reply anonymous = http().get(null, "/actuator/health/readiness");
    JsonNode administrator = http().get("admin", "/actuator/health/readiness").json();
    Scrape scrape = scrape();

    try {
      // Then it still takes traffic (200), says DEGRADED, and the administrator sees why
      assertThat(anonymous.status()).isEqualTo(200);
      assertThat(anonymous.json().path("status").asText()).isEqualTo("DEGRADED");
      assertThat(administrator.at("/components/mailOutbox/status").asText()).isEqualTo("DEGRADED");
      assertThat(administrator.at("/components/mailOutbox/details/failed").asLong()).isGreaterThanOrEqualTo(1);
      assertThat(administrator.at("/components/engineIncidents/status").asText()).isEqualTo("DEGRADED");
      assertThat(administrator.at("/components/engineIncidents/details/byProcessAndType/sample-approval~1failedJob")
          .asLong()).isGreaterThanOrEqualTo(1);
      assertThat(administrator.at("/components/db/status").asText()).isEqualTo("UP");
      // And the metrics say the same
      assertThat(scrape.value("approval_engine_incidents{process=\"sample-approval\",type=\"failedJob\"}"))
          .isGreaterThanOrEqualTo(1);
      assertThat(scrape.value("approval_mail_outbox_oldest_unsent_seconds")).isGreaterThanOrEqualTo(3600);
    } finally {
      // the operator's fix: SMTP back, the failed job retried, the waiting mail sent
      smtp.start();
      management.setJobRetries(failed.getId(), 1);
      management.executeJob(failed.getId());
      runMailJobsIgnoringFailures(waiting);
      runtime.deleteProcessInstance(failing.getId(), "monitoring test done");
      runtime.deleteProcessInstance(waiting.getId(), "monitoring test done");
    }
    readings.refresh();
    if (baseline.equals("UP")) {
      assertThat(http().get(null, "/actuator/health/readiness").json().path("status").asText()).isEqualTo("UP");
    }
  }

  @Test
  void aNodeWhoseJobExecutorShouldRunButDoesNotIsNotReady() {
    // Given this node's job executor, which the tests never start
    // When the indicator is asked as on a node that should run jobs
    var health = new OperationsHealth().jobExecutionHealthIndicator(engine, true).health();

    // Then it is DOWN: a node that sends no mail and fires no timer must not take traffic
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyMetricTheGrafanaDashboardAndTheAlertRulesUseIsOneThePlatformExposes() throws Exception {
    // Given a platform with something in every metric: an overdue, escalated request and a mail out of retries
    ProcessInstance request = start("ga-staff", "sample-approval", Map.of("title", "ダッシュボード", "confidentiality", "1"));
    runMailJobsIgnoringFailures(request);
    runMailJobsIgnoringFailures(request);
    Task review = task(request, "reviewRequest");
    jdbc.update("update act_ru_task set due_date_ = ? where id_ = ?", Timestamp.from(Instant.now().minus(Duration.ofDays(2))),
        review.getId());
    http().post("admin", "/api/admin/tasks/" + review.getId() + "/reassign", "{\"reason\": \"ダッシュボードの確認\"}");

    // When Prometheus scrapes
    Set<String> exposed = scrape().names();

    try {
      // Then every expression of the dashboard and of the rules names only metrics the scrape has
      List<String> expressions = new ArrayList<>();
      new ObjectMapper().readTree(Path.of("docs", "grafana-dashboard.json").toFile()).path("panels")
          .forEach(panel -> panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
      Map<String, Object> rules = new Yaml().load(Files.readString(Path.of("docs", "prometheus-alerts.yml")));
      for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
        for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
          expressions.add(rule.get("expr").toString());
        }
      }
      assertThat(expressions).hasSizeGreaterThan(20);
      for (String expression : expressions) {
        List<String> names = METRIC.matcher(expression).results().map(match -> match.group(1)).toList();
        assertThat(names.isEmpty() && !expression.contains("up{")).as("a metric in %s", expression).isFalse();
        assertThat(exposed).as(expression).containsAll(names);
      }
    } finally {
      smtp.start();
      for (Job failed : management.createJobQuery().processInstanceId(request.getId()).withException().list()) {
        management.setJobRetries(failed.getId(), 1);
        management.executeJob(failed.getId());
      }
      runtime.deleteProcessInstance(request.getId(), "monitoring test done");
    }
  }

  /** The platform's and Spring Boot's metric names (Prometheus's own {@code up} aside). */
  static final Pattern METRIC = Pattern.compile("\\b((?:approval|http|jvm|hikaricp|process|system|tomcat)_[a-zA-Z0-9_]+)");

  @Test
  void degradedRanksBetweenUpAndDownAndOnlyDownOrOutOfServiceAnswer503() {
    // Given the platform's configured health aggregation and status codes
    // When components disagree
    // Then DOWN wins over DEGRADED, DEGRADED over UP; DEGRADED still answers 200, DOWN and OUT_OF_SERVICE 503
    assertThat(statusAggregator.getAggregateStatus(Status.UP, OperationsHealth.DEGRADED)).isEqualTo(OperationsHealth.DEGRADED);
    assertThat(statusAggregator.getAggregateStatus(OperationsHealth.DEGRADED, Status.DOWN)).isEqualTo(Status.DOWN);
    assertThat(statusCodes.getStatusCode(OperationsHealth.DEGRADED)).isEqualTo(200);
    assertThat(statusCodes.getStatusCode(Status.UP)).isEqualTo(200);
    assertThat(statusCodes.getStatusCode(Status.DOWN)).isEqualTo(503);
    assertThat(statusCodes.getStatusCode(Status.OUT_OF_SERVICE)).isEqualTo(503);
  }

  private void runMailJobsIgnoringFailures(ProcessInstance instance) {
    for (Job job : management.createJobQuery().processInstanceId(instance.getId()).list()) {
      if (!"approval-mail".equals(((JobEntity) job).getJobHandlerType())) {
        continue;
      }
      try {
        management.executeJob(job.getId());
      } catch (RuntimeException expected) {
        // with SMTP down the last attempt fails the job on purpose, so the engine raises an incident
      }
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
