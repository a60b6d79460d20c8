package jp.go.jica.approval.routing;

import java.util.List;

/**
 * Who decides one approval step (or does a step moved past a conflict), and why.
 *
 * @param designatedRole the role key the rule named (e.g. {@code section-iso}), or {@code task-holder} for a
 *     step whose holder the BPMN names by an expression
 * @param designatedPerson who holds that role for the applicant's unit (or whom the BPMN named)
 * @param assignee who gets the task after conflict escalation
 * @param reasonCode {@code DESIGNATED}; escalated past a conflict: {@code APPLICANT_IS_AUTHORIZER} (an approval),
 *     {@code APPLICANT} (a step certifying the applicant's own act), {@code APPLICANT_SIDE} (acted on the
 *     applicant's side of the case), {@code RECORDED_PARTY}, {@code DECLARED_CONFLICT}; {@code OVERDUE} or
 *     {@code REORGANISED}
 * @param reason Japanese text shown to the assignee and stored on the case
 * @param article the article that grounds the assignment (e.g. 第16条第2項)
 * @param skipped the people passed over, in climbing order
 */
public record RoutingDecision(String step, String designatedRole, String designatedPerson, String assignee,
    String reasonCode, String reason, String article, List<String> skipped) {

  public boolean escalated() {
    return !skipped.isEmpty();
  }
}
