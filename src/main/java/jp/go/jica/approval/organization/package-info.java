/** The org chart as data: units, people, role holders and superiors, loaded from YAML and synced into Camunda. */
@org.springframework.lang.NonNullApi
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package jp.go.jica.approval.organization;
