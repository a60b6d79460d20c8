/** Web security: who may call what over HTTP, and the guards for Camunda 7.24's known REST weaknesses. */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ledger", "notification", "operations", "organization", "routing"})
package jp.go.jica.approval.security;
