package jp.go.jica.approval.byod;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** The permit's end and the reminder before it, read from the register so no variable can extend a permit. */
@Component("byodSchedule")
public class ByodSchedule {

  private final ByodRegister register;
  private final ByodSettings settings;

  ByodSchedule(ByodRegister register, ByodSettings settings) {
    this.register = register;
    this.settings = settings;
  }

  /** The first moment after the permitted period. */
  public Date endsAt(DelegateExecution execution) {
    return Date.from(end(execution));
  }

  /** The reminder before the end; at once when the lead time has already begun. */
  public Date reminderAt(DelegateExecution execution) {
    Instant remind = end(execution).minus(Duration.parse(settings.getEndReminderLeadTime()));
    return Date.from(remind.isBefore(Instant.now()) ? Instant.now() : remind);
  }

  private Instant end(DelegateExecution execution) {
    return register.periodTo(execution.getProcessInstanceId()).plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant();
  }
}
