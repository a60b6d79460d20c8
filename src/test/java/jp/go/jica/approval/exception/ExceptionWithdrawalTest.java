package jp.go.jica.approval.exception;

import java.util.Map;
import jp.go.jica.approval.cases.WithdrawalCheck;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 取下げ of an exception application at its review and its revision; refused once approved (Art. 24, 25). */
class ExceptionWithdrawalTest extends WithdrawalCheck {

  @ParameterizedTest(name = "取下げ at {0} ends the application and every ledger line says 取下げ")
  @ValueSource(strings = {"reviewApplication", "reviseApplication"})
  void theApplicantWithdrawsAtEveryUndecidedStep(String step) {
    ProcessInstance application = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());
    if (step.equals("reviseApplication")) {
      complete(task(application, "reviewApplication"), "ga-director", Map.of("decision", "sendBack",
          "decisionComment", "代替措置を具体的に書いてください"));
    }

    assertWithdrawnAt(application, step, "apr_exception_ledger");
  }

  @Test
  void anApprovedExceptionWaitingForTheConditionsToBeAcknowledgedCannotBeWithdrawn() {
    ProcessInstance application = start("ga-staff", "exception-measure", ExceptionMeasureProcessTest.application());
    complete(task(application, "reviewApplication"), "ga-director", Map.of("decision", "approve",
        "decisionComment", "月次で状況を報告すること"));

    assertNotWithdrawable(application, "apr_exception_ledger");
  }
}
