/** Deployment of BPMN and DMN from the administrators' browser editor, and the record of every deployment. */
package jp.go.jica.approval.deployment;
