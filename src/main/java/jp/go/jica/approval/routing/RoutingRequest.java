package jp.go.jica.approval.routing;

import java.util.Map;
import java.util.Set;

/**
 * What routing needs to know about one step.
 *
 * @param requestType the process definition key
 * @param step the user task id
 * @param parties people recorded on the case as parties to the matter (e.g. related to a vendor)
 * @param dataOutsideJapan the case's information is stored outside Japan (e.g. a cloud service's data location)
 * @param declaredConflicts people who declared a conflict for this step
 * @param applicantSide who completed a step on the applicant's side of the case, with the names of those steps
 * @param checksApplicantSide the step must go to someone outside the applicant's side (the applicant and
 *     {@code applicantSide}); false for a step on the applicant's side itself, or a role's own duty
 */
public record RoutingRequest(String requestType, String step, String applicant, int confidentiality,
    int integrity, int availability, String scope, boolean dataOutsideJapan, Set<String> parties,
    Set<String> declaredConflicts, Map<String, String> applicantSide, boolean checksApplicantSide) {

  /** A step that must go to someone other than the applicant, before anyone acted on the applicant's side. */
  public RoutingRequest(String requestType, String step, String applicant, int confidentiality, int integrity,
      int availability, String scope, boolean dataOutsideJapan, Set<String> parties, Set<String> declaredConflicts) {
    this(requestType, step, applicant, confidentiality, integrity, availability, scope, dataOutsideJapan, parties,
        declaredConflicts, Map.of(), true);
  }
}
