package jp.go.jica.approval.tasklist;

import jp.go.jica.approval.OnPostgres;

/** {@link OwnTasksQueryTest} on a real PostgreSQL. */
@OnPostgres
class OwnTasksQueryOnPostgresTest extends OwnTasksQueryTest {
}
