/** クラウドサービス: cloud service use approval, the approved-service registry and the cloud-manager's duties (Art. 61-71, 145-8). */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ledger", "notification", "organization", "routing", "validation"})
package jp.go.jica.approval.cloud;
