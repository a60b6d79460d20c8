/** 情報セキュリティインシデントへの対処: report, evaluation, response and register of incidents (Art. 28-31). */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ledger", "notification", "organization", "routing", "validation"})
package jp.go.jica.approval.incident;
