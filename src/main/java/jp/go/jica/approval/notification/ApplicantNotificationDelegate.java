package jp.go.jica.approval.notification;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Tells the applicant the outcome the BPMN's {@code outcome} input names (approved, rejected, sentBack,
 * expired); {@link ApplicantMails} knows what each process's mail says.
 */
@Component("notifyApplicant")
class ApplicantNotificationDelegate implements JavaDelegate {

  private final ApplicantMails mails;

  ApplicantNotificationDelegate(ApplicantMails mails) {
    this.mails = mails;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Object outcome = execution.getVariable("outcome");
    mails.outcome(execution, outcome == null ? "" : outcome.toString());
  }
}
