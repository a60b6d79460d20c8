package jp.go.jica.approval.outsourcing;

import jp.go.jica.approval.ledger.CaseWithdrawn;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Marks a withdrawn (取下げ) request in this process's register, in the withdrawal's transaction. */
@Component
class ContractWithdrawal {

  private final ContractRegister register;

  ContractWithdrawal(ContractRegister register) {
    this.register = register;
  }

  @EventListener
  void onWithdrawn(CaseWithdrawn event) {
    if ("outsourcing-selection".equals(event.processKey())) {
      register.recordStatus(event.processInstanceId(), CaseWithdrawn.STATUS);
    }
  }
}
