package jp.go.jica.approval.cloud;

import jp.go.jica.approval.OnPostgres;

/** {@link CloudServiceApprovalProcessTest} on a real PostgreSQL. */
@OnPostgres
class CloudServiceApprovalOnPostgresTest extends CloudServiceApprovalProcessTest {
}
