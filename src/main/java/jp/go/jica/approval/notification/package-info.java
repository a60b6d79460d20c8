/** Japanese mail to assignees and applicants, queued in the engine transaction and sent after it commits. */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ledger", "organization"})
package jp.go.jica.approval.notification;
