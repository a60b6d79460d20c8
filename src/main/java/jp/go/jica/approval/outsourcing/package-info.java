/** 業務委託: outsourcing contractor selection, the contract period and close-out, and 業務委託サービス approval (Art. 53-60). */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ledger", "notification", "organization", "routing", "validation"})
package jp.go.jica.approval.outsourcing;
