package jp.go.jica.approval.notification;

import jp.go.jica.approval.ledger.CaseSummary;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.springframework.stereotype.Component;

/**
 * Gives every task of a request the description Tasklist shows and searches: record number, applicant and
 * the one-line summary ("MD-2026-00003 山田 花子：USBメモリでの会議資料の持出し"). A built-in create listener on every
 * user task ({@link NotificationEnginePlugin}), so no BPMN can leave a task without it. The line is also the
 * task's local {@link #CASE_TITLE} variable, which the Tasklist filters show in the list.
 */
@Component
public class TaskDescriptions implements TaskListener {

  /** The task variable with the same line, for Tasklist's task list (tasklist.TasklistFilters shows it). */
  public static final String CASE_TITLE = "caseTitle";

  private final OrgChartService charts;

  TaskDescriptions(OrgChartService charts) {
    this.charts = charts;
  }

  @Override
  public void notify(DelegateTask task) {
    if (!(task.getExecution() instanceof ExecutionEntity execution)) {
      return;
    }
    ExecutionEntity instance = execution.getProcessInstance();
    String processKey = instance.getProcessDefinition().getKey();
    // Every request registers (and so numbers) itself before its first task; other processes keep theirs.
    String recordNumber = Notifications.recordNumber(instance);
    if (!CaseSummary.covers(processKey) || recordNumber == null) {
      return;
    }
    String title = recordNumber + " " + applicantName(instance) + "：" + Notifications.summary(instance);
    task.setDescription(title);
    // Tasklist's list shows variables, not descriptions: the shared filters show this one under each task name.
    // Task-local, because the holder may read their task's variables but not the whole instance's.
    task.setVariableLocal(CASE_TITLE, title);
  }

  private String applicantName(ExecutionEntity instance) {
    if (instance.getVariable("applicantName") instanceof String name && !name.isBlank()) {
      return name;
    }
    String applicant = (String) instance.getVariable("applicant");
    return applicant == null ? "" : charts.current().person(applicant).map(Person::name).orElse(applicant);
  }
}
