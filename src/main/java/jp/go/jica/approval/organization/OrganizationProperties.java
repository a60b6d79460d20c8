package jp.go.jica.approval.organization;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the chart comes from and how new Camunda accounts are created.
 *
 * @param location a Spring resource location of the YAML chart
 * @param initialPassword password given to accounts the sync creates; blank means a random one
 *     that an administrator resets (production, where logins come from elsewhere)
 */
@ConfigurationProperties("approval.org-chart")
record OrganizationProperties(String location, String initialPassword) {
}
