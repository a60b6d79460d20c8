package jp.go.jica.approval.cases;

import jp.go.jica.approval.OnPostgres;

/** {@link CaseApiTest} on a real PostgreSQL. */
@OnPostgres
class CaseApiOnPostgresTest extends CaseApiTest {
}
