package jp.go.jica.approval.incident;

import jp.go.jica.approval.OnPostgres;

/** {@link IncidentResponseProcessTest} on a real PostgreSQL. */
@OnPostgres
class IncidentResponseOnPostgresTest extends IncidentResponseProcessTest {
}
