package jp.go.jica.approval.cases;

import jp.go.jica.approval.OnPostgres;

/** {@link WithdrawalTest} on a real PostgreSQL. */
@OnPostgres
class WithdrawalOnPostgresTest extends WithdrawalTest {
}
