package jp.go.jica.approval.ledger;

import jp.go.jica.approval.OnPostgres;

/** {@link RegistersApiTest} on a real PostgreSQL. */
@OnPostgres
class RegistersApiOnPostgresTest extends RegistersApiTest {
}
