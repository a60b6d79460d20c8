/** What Tasklist offers the demo users from the first login: shared Japanese filters. */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package jp.go.jica.approval.tasklist;
