package jp.go.jica.approval.deployment;

import jp.go.jica.approval.OnPostgres;

/** {@link RuleChangeProcessTest} on a real PostgreSQL (the proposal's text columns, the deployment in its own transaction). */
@OnPostgres
class RuleChangeOnPostgresTest extends RuleChangeProcessTest {
}
