/**
 * Designated-authorizer routing (DMN rule → role → holder) with Art. 16 conflict-of-interest
 * escalation, and the engine-level guard that keeps applicants away from their own approvals.
 */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"notification", "organization"})
package jp.go.jica.approval.routing;
