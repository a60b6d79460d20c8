package jp.go.jica.approval;

import java.util.HashMap;
import java.util.Map;
import jp.go.jica.approval.byod.ByodPermissionProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;

/** Open tasks of real processes for tests that attack or move them: an approval step and a duty step. */
public final class OpenTasks {

  private OpenTasks() {
  }

  /** A sample approval by {@code applicant}, waiting at its routed review (ga-chief for ga-staff). */
  public static Task approval(PlatformTest test, String applicant, Map<String, Object> extra) {
    Map<String, Object> values = new HashMap<>(Map.of("title", "担当とデータの保全", "confidentiality", "1"));
    values.putAll(extra);
    ProcessInstance instance = test.start(applicant, "sample-approval", values);
    return test.task(instance, "reviewRequest");
  }

  /**
   * A BYOD permit of ga-staff whose period has ended: the duty step {@code confirmErasure} (an expression
   * assigns it to the applicant), held by ga-staff.
   */
  public static Task byodErasure(PlatformTest test) {
    ProcessInstance byod = test.start("ga-staff", "byod-permission", ByodPermissionProcessTest.publicInformation());
    test.complete(test.task(byod, "deviceManagerReview"), "ga-device-manager",
        Map.of("decision", "approve", "decisionComment", ""));
    test.complete(test.task(byod, "acknowledgeProcedure"), "ga-staff", Map.of("procedureAcknowledged", true));
    test.fire(byod, "endReminderDue");
    test.fire(byod, "permitExpired");
    return test.task(byod, "confirmErasure");
  }

  /** What completing the erasure report needs. */
  public static Map<String, Object> erasureReport() {
    return Map.of("informationErased", true, "erasureNote", "端末を初期化した");
  }
}
