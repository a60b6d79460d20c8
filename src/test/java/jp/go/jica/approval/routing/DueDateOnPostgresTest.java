package jp.go.jica.approval.routing;

import jp.go.jica.approval.OnPostgres;

/** {@link DueDateTest} on a real PostgreSQL: the due jobs' lookup, run and deletion on its job table. */
@OnPostgres
class DueDateOnPostgresTest extends DueDateTest {
}
