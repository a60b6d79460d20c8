package jp.go.jica.approval.outsourcing;

import jp.go.jica.approval.OnPostgres;

/** {@link OutsourcingSelectionProcessTest} on a real PostgreSQL. */
@OnPostgres
class OutsourcingSelectionOnPostgresTest extends OutsourcingSelectionProcessTest {
}
