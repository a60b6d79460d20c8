package jp.go.jica.approval.organization;

/** Published after a new chart is in force: identity sync and re-routing follow it (Art. 20-2). */
public record OrgChartReloaded(OrgChart previous, OrgChart current, String reloadedBy) {
}
