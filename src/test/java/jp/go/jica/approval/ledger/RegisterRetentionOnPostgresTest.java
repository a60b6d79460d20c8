package jp.go.jica.approval.ledger;

import jp.go.jica.approval.OnPostgres;

/** {@link RegisterRetentionTest} on PostgreSQL. */
@OnPostgres
class RegisterRetentionOnPostgresTest extends RegisterRetentionTest {
}
