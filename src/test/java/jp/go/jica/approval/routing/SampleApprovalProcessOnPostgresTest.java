package jp.go.jica.approval.routing;

import jp.go.jica.approval.OnPostgres;

/** {@link SampleApprovalProcessTest} on a real PostgreSQL. */
@OnPostgres
class SampleApprovalProcessOnPostgresTest extends SampleApprovalProcessTest {
}
