package jp.go.jica.approval.exception;

import jp.go.jica.approval.ledger.CaseWithdrawn;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Marks a withdrawn (取下げ) request in this process's register, in the withdrawal's transaction. */
@Component
class ExceptionWithdrawal {

  private final ExceptionLedger register;

  ExceptionWithdrawal(ExceptionLedger register) {
    this.register = register;
  }

  @EventListener
  void onWithdrawn(CaseWithdrawn event) {
    if ("exception-measure".equals(event.processKey())) {
      register.recordStatus(event.processInstanceId(), CaseWithdrawn.STATUS);
    }
  }
}
