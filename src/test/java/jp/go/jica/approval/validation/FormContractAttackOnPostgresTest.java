package jp.go.jica.approval.validation;

import jp.go.jica.approval.OnPostgres;

/** {@link FormContractAttackTest} on a real PostgreSQL. */
@OnPostgres
class FormContractAttackOnPostgresTest extends FormContractAttackTest {
}
