package jp.go.jica.approval.ledger;

import jp.go.jica.approval.OnPostgres;

/** {@link HistoryCleanupKeepsRegistersTest} on PostgreSQL. */
@OnPostgres
class HistoryCleanupKeepsRegistersOnPostgresTest extends HistoryCleanupKeepsRegistersTest {
}
