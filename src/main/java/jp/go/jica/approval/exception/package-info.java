/** 例外措置: exception measures (Art. 24, 25) — application, review, ledger, expiry and the chief-iso's reports. */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ledger", "notification", "organization", "routing", "validation"})
package jp.go.jica.approval.exception;
