/** 機構支給以外の端末: permission to use a device the agency did not issue (BYOD, Art. 94-97, 146). */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"ledger", "notification", "organization", "routing", "validation"})
package jp.go.jica.approval.byod;
