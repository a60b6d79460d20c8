package jp.go.jica.approval.security;

import jp.go.jica.approval.OnPostgres;

/** {@link RefusalMessagesTest} on a real PostgreSQL. */
@OnPostgres
class RefusalMessagesOnPostgresTest extends RefusalMessagesTest {
}
