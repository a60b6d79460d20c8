package jp.go.jica.approval.media;

import java.util.Map;
import jp.go.jica.approval.cases.WithdrawalCheck;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 取下げ of a carry-out at the section-iso's permission and at its revision; refused once the medium is out (Art. 48). */
class MediaWithdrawalTest extends WithdrawalCheck {

  @ParameterizedTest(name = "取下げ at {0} ends the carry-out and the log says 取下げ")
  @ValueSource(strings = {"sectionIsoPermission", "reviseRequest"})
  void theApplicantWithdrawsAtEveryUndecidedStep(String step) {
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    if (step.equals("reviseRequest")) {
      complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "sendBack", "decisionComment", "目的を詳しく"));
    }

    assertWithdrawnAt(media, step, "apr_media_carry_out");
  }

  @Test
  void aCarryOutWhoseReturnReportIsDueCannotBeWithdrawn() {
    ProcessInstance media = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "2", "1"));
    complete(task(media, "sectionIsoPermission"), "ga-chief", Map.of("decision", "approve", "decisionComment", ""));
    fire(media, "returnDue");

    assertNotWithdrawable(media, "apr_media_carry_out");
  }
}
