package jp.go.jica.approval.routing;

import jp.go.jica.approval.OnPostgres;

/** {@link AbsenceRoutingTest} on a real PostgreSQL. */
@OnPostgres
class AbsenceRoutingOnPostgresTest extends AbsenceRoutingTest {
}
