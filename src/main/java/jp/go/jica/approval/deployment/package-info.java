/**
 * Deployment of BPMN and DMN from the administrators' browser editor as a 変更申請 (proposal, the chief-iso's
 * approval, then deployment: process rule-change), the deployment policy every deployment passes inside the
 * engine (docs/deployment-policy.md), and the record of every deployment.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ledger", "notification", "organization", "validation"})
package jp.go.jica.approval.deployment;
