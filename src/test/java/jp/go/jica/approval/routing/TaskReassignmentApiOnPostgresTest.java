package jp.go.jica.approval.routing;

import jp.go.jica.approval.OnPostgres;

/** {@link TaskReassignmentApiTest} on a real PostgreSQL. */
@OnPostgres
class TaskReassignmentApiOnPostgresTest extends TaskReassignmentApiTest {
}
