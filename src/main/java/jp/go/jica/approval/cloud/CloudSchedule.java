package jp.go.jica.approval.cloud;

import java.sql.Date;
import java.time.ZoneId;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** The approved end of use, read from the registry so that no process variable can extend it. */
@Component("cloudSchedule")
public class CloudSchedule {

  private final CloudRegistry registry;

  CloudSchedule(CloudRegistry registry) {
    this.registry = registry;
  }

  /** The first moment after the approved period. */
  public java.util.Date endsAt(DelegateExecution execution) {
    Date lastDay = (Date) registry.byProcess(execution.getProcessInstanceId()).get("period_to");
    return java.util.Date.from(lastDay.toLocalDate().plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant());
  }
}
