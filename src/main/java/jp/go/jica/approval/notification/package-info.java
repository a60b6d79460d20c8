/** Japanese mail to assignees and applicants, queued in the engine transaction and sent after it commits. */
@org.springframework.lang.NonNullApi
package jp.go.jica.approval.notification;
