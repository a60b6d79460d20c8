package jp.go.jica.approval.exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code exception-measure-report.bpmn}: the periodic report reaches the chief-iso, whose review of
 * the rules is recorded and forwarded to the CISO (Art. 24-2, 25-4).
 */
class ExceptionMeasureReportProcessTest extends PlatformTest {


  @BeforeEach
  void initAssertions() {
    BpmnAwareTests.init(engine);
  }

  @Test
  void theMonthlyReportGoesToTheChiefIsoWhoseReviewIsForwardedToTheCiso() throws Exception {
    ProcessInstance application = as("proc-staff", () -> runtime.startProcessInstanceByKey("exception-measure",
        new HashMap<>(ExceptionMeasureProcessTest.application())));
    Task review = tasks.createTaskQuery().processInstanceId(application.getId()).singleResult();
    as("proc-director", () -> {
      tasks.complete(review.getId(), Map.of("decision", "approve", "decisionComment", ""));
      return null;
    });

    Job due = management.createJobQuery().processDefinitionKey("exception-measure-report").timers().singleResult();
    assertThat(due).as("the report timer is armed at deployment").isNotNull();
    management.executeJob(due.getId());
    ProcessInstance report = runtime.createProcessInstanceQuery().processDefinitionKey("exception-measure-report")
        .active().list().get(0);

    assertThat(report).hasPassedInOrder("reportDue", "compileReport").isWaitingAt("reviewReport");
    Task reviewReport = tasks.createTaskQuery().processInstanceId(report.getId()).singleResult();
    assertThat(reviewReport).isAssignedTo("it-director");
    assertThat(read(engine.getFormService().getDeployedTaskForm(reviewReport.getId())))
        .contains("exception-measure-report-review");
    assertThat(runtime.getVariable(report.getId(), "reportText").toString()).contains("調達 部長", "承認");
    assertThat(mails(report)).contains("exception/monthly-report:it-director");

    as("it-director", () -> {
      tasks.complete(reviewReport.getId(), Map.of("revisionNeeded", "yes",
          "revisionNotes", "出張時の持出しの例外が多い。第47条の運用を見直す"));
      return null;
    });

    assertThat(report).hasPassedInOrder("reviewReport", "forwardReport", "reportForwarded").isEnded();
    assertThat(mails(report)).contains("exception/report-forwarded:ciso");
    Map<String, Object> record = jdbc.queryForMap("select * from apr_exception_report where process_instance_id = ?",
        report.getId());
    assertThat(record).containsEntry("revision_needed", true).containsEntry("reviewed_by", "it-director");
    assertThat(management.createJobQuery().processDefinitionKey("exception-measure-report").timers().count())
        .as("the next report is scheduled").isEqualTo(1);
  }

}
