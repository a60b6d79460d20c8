/** マイ申請 and the case page: an employee follows their requests and every step taken on them. */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ledger", "notification", "organization", "routing"})
package jp.go.jica.approval.cases;
