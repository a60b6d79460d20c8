package jp.go.jica.approval.routing;

import java.util.Set;

/**
 * What routing needs to know about one approval step.
 *
 * @param requestType the process definition key
 * @param step the user task id
 * @param parties people recorded on the case as parties to the matter (e.g. related to a vendor)
 * @param dataOutsideJapan the case's information is stored outside Japan (e.g. a cloud service's data location)
 * @param declaredConflicts people who declared a conflict for this step
 */
public record RoutingRequest(String requestType, String step, String applicant, int confidentiality,
    int integrity, int availability, String scope, boolean dataOutsideJapan, Set<String> parties,
    Set<String> declaredConflicts) {
}
