/**
 * Deployment of BPMN and DMN from the administrators' browser editor, the deployment policy every
 * deployment passes inside the engine (docs/deployment-policy.md), and the record of every deployment.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"notification", "organization"})
package jp.go.jica.approval.deployment;
