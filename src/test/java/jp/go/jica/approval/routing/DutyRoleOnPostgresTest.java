package jp.go.jica.approval.routing;

import jp.go.jica.approval.OnPostgres;

/** {@link DutyRoleTest} on a real PostgreSQL. */
@OnPostgres
class DutyRoleOnPostgresTest extends DutyRoleTest {
}
