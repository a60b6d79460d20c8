package jp.go.jica.approval.operations;

import jp.go.jica.approval.OnPostgres;

/** {@link MonitoringTest} on a real PostgreSQL: the readings' SQL on the engine's and the platform's tables. */
@OnPostgres
class MonitoringOnPostgresTest extends MonitoringTest {
}
