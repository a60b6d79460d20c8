package jp.go.jica.approval.byod;

import jp.go.jica.approval.OnPostgres;

/** {@link ByodPermissionProcessTest} on a real PostgreSQL. */
@OnPostgres
class ByodPermissionOnPostgresTest extends ByodPermissionProcessTest {
}
