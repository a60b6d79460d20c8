package jp.go.jica.approval.notification;

import java.util.Map;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.springframework.stereotype.Component;

/**
 * Tells the applicant the outcome ({@code outcome} input: approved, rejected, sentBack), naming the
 * last decider and their comment.
 */
@Component("notifyApplicant")
class ApplicantNotificationDelegate implements JavaDelegate {

  private final Notifications notifications;
  private final OrgChartService charts;

  ApplicantNotificationDelegate(Notifications notifications, OrgChartService charts) {
    this.notifications = notifications;
    this.charts = charts;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String outcome = (String) execution.getVariable("outcome");
    MailTemplate template = switch (outcome == null ? "" : outcome) {
      case "approved" -> MailTemplate.REQUEST_APPROVED;
      case "rejected" -> MailTemplate.REQUEST_REJECTED;
      case "sentBack" -> MailTemplate.REQUEST_SENT_BACK;
      default -> throw new IllegalArgumentException("notifyApplicant: unknown outcome '" + outcome + "'");
    };
    String decider = (String) execution.getVariable("decidedBy");
    String comment = (String) execution.getVariable("decisionComment");
    notifications.send(template, (String) execution.getVariable("applicant"), Map.of(
        "processName", processName(execution),
        "deciderName", charts.current().person(decider).map(Person::name).orElse(decider == null ? "" : decider),
        "comment", comment == null || comment.isBlank() ? "（なし）" : comment), execution.getProcessInstanceId());
  }

  private static String processName(DelegateExecution execution) {
    String name = ((ExecutionEntity) execution).getProcessDefinition().getName();
    return name == null ? execution.getProcessDefinitionId() : name;
  }
}
