package jp.go.jica.approval.cases;

import jp.go.jica.approval.OnPostgres;

/** {@link CaseActionsTest} on a real PostgreSQL (the pages' limit/offset, the loss report's early timer). */
@OnPostgres
class CaseActionsOnPostgresTest extends CaseActionsTest {
}
