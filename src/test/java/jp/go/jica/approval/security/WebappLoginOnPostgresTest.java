package jp.go.jica.approval.security;

import jp.go.jica.approval.OnPostgres;

/** {@link WebappLoginTest} on a real PostgreSQL. */
@OnPostgres
class WebappLoginOnPostgresTest extends WebappLoginTest {
}
