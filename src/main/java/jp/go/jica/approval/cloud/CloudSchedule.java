package jp.go.jica.approval.cloud;

import java.time.LocalDate;
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
    LocalDate lastDay = registry.byProcess(execution.getProcessInstanceId()).periodTo();
    return java.util.Date.from(lastDay.plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant());
  }
}
