package jp.go.jica.approval.exception;

import jp.go.jica.approval.OnPostgres;

/** {@link ExceptionMeasureProcessTest} on a real PostgreSQL. */
@OnPostgres
class ExceptionMeasureOnPostgresTest extends ExceptionMeasureProcessTest {
}
