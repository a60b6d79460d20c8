package jp.go.jica.approval.exception;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The expiry timers' dates, read from the ledger rather than from process variables, so that no
 * task completion by the applicant can move the end of an approved exception.
 */
@Component("exceptionSchedule")
public class ExceptionSchedule {

  private final ExceptionLedger ledger;
  private final ExceptionSettings settings;

  ExceptionSchedule(ExceptionLedger ledger, ExceptionSettings settings) {
    this.ledger = ledger;
    this.settings = settings;
  }

  /** The first moment after the approved period (the day after its last day, 00:00). */
  public Date expiresAt(DelegateExecution execution) {
    return Date.from(expiry(execution));
  }

  /** The reminder before the end; at once when the lead time has already begun. */
  public Date reminderAt(DelegateExecution execution) {
    Instant remind = expiry(execution).minus(settings.expiryLeadTimeDuration());
    return Date.from(remind.isBefore(Instant.now()) ? Instant.now() : remind);
  }

  /** The end confirmation is escalated this long after the expiry, not after the reminder that opened it. */
  public Date endConfirmationDueAt(DelegateExecution execution) {
    return Date.from(expiry(execution).plus(settings.endConfirmationEscalationDuration()));
  }

  private Instant expiry(DelegateExecution execution) {
    LocalDate lastDay = ledger.periodTo(execution.getProcessInstanceId());
    return lastDay.plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant();
  }
}
