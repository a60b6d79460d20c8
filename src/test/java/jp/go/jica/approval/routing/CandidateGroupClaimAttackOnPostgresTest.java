package jp.go.jica.approval.routing;

import jp.go.jica.approval.OnPostgres;

/** {@link CandidateGroupClaimAttackTest} on a real PostgreSQL. */
@OnPostgres
class CandidateGroupClaimAttackOnPostgresTest extends CandidateGroupClaimAttackTest {
}
