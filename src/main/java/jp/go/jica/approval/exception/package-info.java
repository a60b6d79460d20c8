/** 例外措置: exception measures (Art. 24, 25) — application, review, ledger, expiry and the chief-iso's reports. */
@org.springframework.lang.NonNullApi
package jp.go.jica.approval.exception;
