package jp.go.jica.approval.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.byod.ByodPermissionProcessTest;
import jp.go.jica.approval.cloud.CloudServiceApprovalProcessTest;
import jp.go.jica.approval.deployment.RuleChangeProcessTest;
import jp.go.jica.approval.exception.ExceptionMeasureProcessTest;
import jp.go.jica.approval.incident.IncidentResponseProcessTest;
import jp.go.jica.approval.media.MediaCarryOutProcessTest;
import jp.go.jica.approval.outsourcing.OutsourcingSelectionProcessTest;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Camunda's history cleanup removes the history of ended cases once their time to live has passed, and never
 * a row of the platform's registers ({@code apr_*}, Flyway's tables), which are kept for the agency's retention.
 */
class HistoryCleanupKeepsRegistersTest extends PlatformTest {

  /** A new process proposed as a 変更申請 (the rule-change process's case). */
  private static final String PROBE = RuleChangeProcessTest.probe("history-cleanup-probe");

  @LocalServerPort int port;

  @org.junit.jupiter.api.BeforeEach
  @AfterEach
  void realTime() {
    // the engine's clock is static: a test class before this one may have left it moved
    ClockUtil.reset();
  }

  @Test
  void theCleanupIsScheduledInTheConfiguredWindowByRemovalTime() {
    // Given the platform's shipped settings (approval.history-cleanup.*)
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();

    // Then Camunda cleans up by removal time, in the nightly window, in batches of 500
    assertThat(configuration.getHistoryCleanupStrategy()).isEqualTo("removalTimeBased");
    assertThat(configuration.getHistoryRemovalTimeStrategy()).isEqualTo("end");
    assertThat(configuration.getHistoryCleanupBatchWindowStartTime()).isEqualTo("22:00");
    assertThat(configuration.getHistoryCleanupBatchWindowEndTime()).isEqualTo("05:00");
    assertThat(configuration.getHistoryCleanupBatchSize()).isEqualTo(500);
    // And the engine scheduled its cleanup job at start, which a node's job executor runs in the window
    assertThat(jdbc.queryForObject("select count(*) from act_ru_job where handler_type_ = 'history-cleanup'", Integer.class))
        .isPositive();
  }

  @Test
  void theCleanupRemovesCamundaHistoryPastItsTimeToLiveAndKeepsEveryRegisterRow() {
    // Given a case of every process, each ended (withdrawn by its applicant, or cancelled as in Cockpit)
    Http http = new Http(port);
    List<ProcessInstance> cases = new ArrayList<>();
    cases.add(start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application()));
    cases.add(start("ga-staff", "outsourcing-selection", OutsourcingSelectionProcessTest.plain()));
    cases.add(start("ga-staff", "cloud-service-approval", CloudServiceApprovalProcessTest.confidential()));
    cases.add(start("ga-staff", "byod-permission", ByodPermissionProcessTest.publicInformation()));
    cases.add(start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "1", "1")));
    cases.add(start("ga-staff", "incident-response", IncidentResponseProcessTest.report("履歴削除の試験")));
    cases.add(start("ga-staff", "sample-approval", Map.of("title", "履歴削除の試験", "confidentiality", "1")));
    for (ProcessInstance instance : cases) {
      Http.Reply withdrawn = http.post("ga-staff", "/api/cases/" + instance.getId() + "/withdraw",
          Http.json(Map.of("reason", "履歴削除の試験のため")));
      if (withdrawn.status() != 200 && withdrawn.status() != 204) {
        runtime.deleteProcessInstance(instance.getId(), "履歴削除の試験");
      }
    }
    List<String> ids = new ArrayList<>(cases.stream().map(ProcessInstance::getId).toList());
    // and a 変更申請 the chief-iso rejects, and a monthly exception report (timer-started) cancelled as in Cockpit
    Http.Reply proposed = http.post("admin", "/api/admin/rule-changes", Http.json(Map.of(
        "resourceName", "history-cleanup-probe.bpmn", "xml", PROBE, "note", "履歴削除の試験")));
    assertThat(proposed.status()).as(proposed.body()).isEqualTo(201);
    String ruleChange = proposed.json().get("processInstanceId").asText();
    complete(tasks.createTaskQuery().processInstanceId(ruleChange).singleResult(), "it-director",
        Map.of("decision", "reject", "decisionComment", "履歴削除の試験"));
    ids.add(ruleChange);
    java.util.Set<String> reportsBefore = new java.util.HashSet<>(runtime.createProcessInstanceQuery()
        .processDefinitionKey("exception-measure-report").list().stream().map(ProcessInstance::getId).toList());
    management.executeJob(management.createJobQuery().processDefinitionKey("exception-measure-report").timers()
        .singleResult().getId());
    for (ProcessInstance report : runtime.createProcessInstanceQuery().processDefinitionKey("exception-measure-report").list()) {
      if (!reportsBefore.contains(report.getId())) {
        runtime.deleteProcessInstance(report.getId(), "履歴削除の試験");
        ids.add(report.getId());
      }
    }
    assertThat(ids).hasSize(cases.size() + 2);
    assertThat(runtime.createProcessInstanceQuery().processInstanceIds(new java.util.HashSet<>(ids)).count())
        .as("every case ended").isZero();
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceIds(new java.util.HashSet<>(ids)).count()).as("history of the ended cases").isEqualTo(ids.size());
    for (String table : List.of("apr_exception_ledger", "apr_contract", "apr_cloud_service", "apr_byod_permit",
        "apr_media_carry_out", "apr_incident")) {
      assertThat(jdbc.queryForObject("select count(*) from " + table + " where process_instance_id in ("
          + String.join(",", ids.stream().map(id -> "'" + id + "'").toList()) + ")", Integer.class))
          .as("register line in %s", table).isPositive();
    }
    Map<String, List<Map<String, Object>>> registersBefore = registers();

    // When the clock is past the time to live and the history cleanup job runs
    // (past every case's removal time, which the engine set at its end from the definition's time to live)
    List<Date> removalTimes = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceIds(new java.util.HashSet<>(ids)).list().stream()
        .map(org.camunda.bpm.engine.history.HistoricProcessInstance::getRemovalTime).toList();
    assertThat(removalTimes).as("every ended case has a removal time").doesNotContainNull();
    Date latest = removalTimes.stream().max(Date::compareTo).orElseThrow();
    ClockUtil.setCurrentTime(Date.from(latest.toInstant().plus(Duration.ofMinutes(1))));
    // (one run removes a batch per kind of history; the suite's other ended cases may fill the first batches)
    for (int run = 0; run < 200 && historyLeft(ids) > 0; run++) {
      Job cleanup = engine.getHistoryService().cleanUpHistoryAsync(true);
      management.executeJob(cleanup.getId());
    }

    // Then Camunda's history of those cases is gone
    assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceIds(new java.util.HashSet<>(ids)).count()).as("historic instances").isZero();
    for (String id : ids) {
      assertThat(engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(id).count()).isZero();
      assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceId(id).count()).isZero();
      assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(id).count()).isZero();
    }
    // And every row of every register table is still there, unchanged
    Map<String, List<Map<String, Object>>> registersAfter = registers();
    assertThat(registersAfter.keySet()).containsExactlyElementsOf(registersBefore.keySet());
    registersBefore.forEach((table, rows) ->
        assertThat(registersAfter.get(table)).as("rows of %s", table).containsExactlyInAnyOrderElementsOf(rows));
    // (the monthly report is started by its timer, not by a person: it has no case line)
    assertThat(registersAfter.get("apr_case").stream().map(row -> row.get("process_instance_id")))
        .as("the cases' own lines").containsAll(ids.subList(0, cases.size() + 1));
    assertThat(registersAfter.get("apr_case_end").stream().map(row -> row.get("process_instance_id")))
        .as("when each case ended").containsAll(ids);
  }

  /** Every apr_* table (the platform's registers and records), every row, by table name. */
  /** What Camunda still keeps of these cases: instances, activities, tasks and variables. */
  private long historyLeft(List<String> ids) {
    var history = engine.getHistoryService();
    long left = history.createHistoricProcessInstanceQuery().processInstanceIds(new java.util.HashSet<>(ids)).count();
    for (String id : ids) {
      left += history.createHistoricActivityInstanceQuery().processInstanceId(id).count()
          + history.createHistoricTaskInstanceQuery().processInstanceId(id).count()
          + history.createHistoricVariableInstanceQuery().processInstanceId(id).count();
    }
    return left;
  }

  private Map<String, List<Map<String, Object>>> registers() {
    List<String> tables = jdbc.queryForList("select lower(table_name) from information_schema.tables where "
        + "lower(table_schema) = 'public' and lower(table_name) like 'apr\\_%' order by 1", String.class);
    assertThat(tables).hasSizeGreaterThan(15);
    Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
    for (String table : tables) {
      rows.put(table, jdbc.queryForList("select * from " + table).stream()
          .map(row -> {
            Map<String, Object> lowered = new LinkedHashMap<>();
            row.forEach((column, value) -> lowered.put(column.toLowerCase(), value instanceof byte[] bytes
                ? java.util.Arrays.toString(bytes) : value));
            return lowered;
          }).toList());
    }
    return rows;
  }
}
