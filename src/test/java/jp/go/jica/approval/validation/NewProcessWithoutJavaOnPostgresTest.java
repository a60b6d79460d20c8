package jp.go.jica.approval.validation;

import jp.go.jica.approval.OnPostgres;

/** {@link NewProcessWithoutJavaTest} on a real PostgreSQL. */
@OnPostgres
class NewProcessWithoutJavaOnPostgresTest extends NewProcessWithoutJavaTest {
}
