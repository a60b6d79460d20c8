package jp.go.jica.approval.security;

import jp.go.jica.approval.OnPostgres;

/** {@link SingleSignOnTest} on a real PostgreSQL: profile sso combined with postgres. */
@OnPostgres
class SingleSignOnOnPostgresTest extends SingleSignOnTest {
}
