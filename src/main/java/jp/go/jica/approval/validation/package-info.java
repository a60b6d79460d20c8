/** Checking what a form submitted: every problem collected and named by its Japanese label, then refused at once. */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"organization"})
package jp.go.jica.approval.validation;
