package jp.go.jica.approval.organization;

import jp.go.jica.approval.OnPostgres;

/** {@link OrgChartReloadTest} on a real PostgreSQL. */
@OnPostgres
class OrgChartReloadOnPostgresTest extends OrgChartReloadTest {
}
