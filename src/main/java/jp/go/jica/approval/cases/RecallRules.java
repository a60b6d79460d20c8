package jp.go.jica.approval.cases;

import java.util.Map;
import java.util.Set;

/**
 * Which steps that ran after a decision a recall (引戻し) may undo. Everything not listed here is irreversible:
 * a register number or permit issued, a report made to a third party, a deployment, a permission the applicant
 * may already have used (a medium carried out). A new service step is therefore irreversible until reviewed.
 */
final class RecallRules {

  /** Activity types that do nothing outside the case: gateways, waits, the next step's user task (checked apart). */
  static final Set<String> WITHOUT_EFFECT = Set.of("userTask", "exclusiveGateway", "parallelGateway",
      "inclusiveGateway", "eventBasedGateway", "intermediateTimer", "intermediateNoneThrowEvent",
      "intermediateMessageCatch", "intermediateSignalCatch", "intermediateConditional", "boundaryTimer", "subProcess", "noneEndEvent");

  /** Delegates that only mail the case's people; a recall mails them again. */
  static final Set<String> MAIL_ONLY = Set.of("${notifyApplicant}");

  /**
   * Complete listeners of decision steps that only check the submitted form (checklists); any other complete
   * listener records something when the decision is made, so that decision cannot be recalled.
   */
  static final Set<String> CHECKS_ONLY = Set.of("${byodChecklist}", "${cloudChecklist}", "${mediaChecklist}",
      "${outsourcingChecklist}", "${incidentEvaluationCheck}", "${incidentMeasuresCheck}");

  private static final Set<String> ANY = Set.of("approve", "sendBack");
  private static final Set<String> SEND_BACK = Set.of("sendBack");

  /**
   * Service steps (process:activity) that record a decision on the case's own register line, which the step's next
   * decision writes again; with the recalled decisions for which that holds. The final approval of a cloud service,
   * an exception measure (reported to the chief-iso) and a media carry-out (the medium may be out) are not.
   */
  private static final Map<String, Set<String>> REWRITTEN_BY_NEXT_DECISION = Map.ofEntries(
      Map.entry("byod-permission:recordDeviceDecision", ANY),
      Map.entry("byod-permission:recordSectionDecision", ANY),
      Map.entry("byod-permission:recordIssoDecision", ANY),
      Map.entry("cloud-service-approval:recordRequirementsDecision", ANY),
      Map.entry("cloud-service-approval:recordRiskDecision", ANY),
      Map.entry("cloud-service-approval:recordReviewDecision", SEND_BACK),
      Map.entry("outsourcing-selection:recordSpecification", ANY),
      Map.entry("outsourcing-selection:recordSelection", ANY),
      Map.entry("outsourcing-selection:recordServiceDecision", ANY),
      Map.entry("media-carry-out:recordPermission", SEND_BACK),
      Map.entry("exception-measure:recordDecision", SEND_BACK));

  private RecallRules() {
  }

  /** Whether the service step {@code activityId} of {@code processKey}, run after {@code decision}, can be undone. */
  static boolean undoable(String processKey, String activityId, String delegateExpression, String decision) {
    if (delegateExpression != null && MAIL_ONLY.contains(delegateExpression)) {
      return true;
    }
    return REWRITTEN_BY_NEXT_DECISION.getOrDefault(processKey + ":" + activityId, Set.of()).contains(decision);
  }
}
