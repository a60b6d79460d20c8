package jp.go.jica.approval.byod;

import java.util.HashMap;
import java.util.Map;
import jp.go.jica.approval.cases.WithdrawalCheck;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 取下げ of a BYOD request at each of its undecided steps, and its refusal once the permit is granted. */
class ByodWithdrawalTest extends WithdrawalCheck {

  static final Map<String, Object> APPROVE = ByodPermissionProcessTest.APPROVE;

  @ParameterizedTest(name = "取下げ at {0} ends the request and the permit register says 取下げ")
  @ValueSource(strings = {"deviceManagerReview", "sectionIsoReview", "issoNetworkReview", "reviseRequest"})
  void theApplicantWithdrawsAtEveryUndecidedStep(String step) {
    assertWithdrawnAt(waitingAt(step), step, "apr_byod_permit");
  }

  @Test
  void aGrantedPermitWaitingForTheProcedureAcknowledgementCannotBeWithdrawn() {
    ProcessInstance byod = start("ga-staff", "byod-permission", ByodPermissionProcessTest.publicInformation());
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", APPROVE);

    assertNotWithdrawable(byod, "apr_byod_permit");
  }

  /** A request of ga-staff waiting at {@code step}, every step before it approved. */
  ProcessInstance waitingAt(String step) {
    Map<String, Object> values = ByodPermissionProcessTest.confidential();
    values.put("internalNetwork", "yes");
    ProcessInstance byod = start("ga-staff", "byod-permission", values);
    if (step.equals("deviceManagerReview")) {
      return byod;
    }
    if (step.equals("reviseRequest")) {
      complete(task(byod, "deviceManagerReview"), "ga-device-manager", Map.of("decision", "sendBack",
          "decisionComment", "OSの版を確認してください"));
      return byod;
    }
    Map<String, Object> confirmed = new HashMap<>(APPROVE);
    confirmed.put("networkConnectionConfirmed", true);
    complete(task(byod, "deviceManagerReview"), "ga-device-manager", confirmed);
    if (step.equals("issoNetworkReview")) {
      complete(task(byod, "sectionIsoReview"), "ga-chief", APPROVE);
    }
    return byod;
  }
}
