package jp.go.jica.approval.security;

import jp.go.jica.approval.OnPostgres;

/** {@link RestAttackTest} on a real PostgreSQL. */
@OnPostgres
class RestAttackOnPostgresTest extends RestAttackTest {
}
