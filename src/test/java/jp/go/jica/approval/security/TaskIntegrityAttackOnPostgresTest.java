package jp.go.jica.approval.security;

import jp.go.jica.approval.OnPostgres;

/** {@link TaskIntegrityAttackTest} on a real PostgreSQL. */
@OnPostgres
class TaskIntegrityAttackOnPostgresTest extends TaskIntegrityAttackTest {
}
