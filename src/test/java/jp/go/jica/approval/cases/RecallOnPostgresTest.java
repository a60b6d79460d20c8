package jp.go.jica.approval.cases;

import jp.go.jica.approval.OnPostgres;

/** {@link RecallTest} on a real PostgreSQL. */
@OnPostgres
class RecallOnPostgresTest extends RecallTest {
}
