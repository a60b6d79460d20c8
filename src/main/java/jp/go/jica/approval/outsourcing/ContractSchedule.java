package jp.go.jica.approval.outsourcing;

import java.time.ZoneId;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** The end of the contract period, read from the register so that no variable can move it. */
@Component("contractSchedule")
public class ContractSchedule {

  private final ContractRegister register;

  ContractSchedule(ContractRegister register) {
    this.register = register;
  }

  /** The first moment after the contract period. */
  public Date periodEnds(DelegateExecution execution) {
    return Date.from(register.periodTo(execution.getProcessInstanceId()).plusDays(1)
        .atStartOfDay(ZoneId.systemDefault()).toInstant());
  }
}
