package jp.go.jica.approval.media;

import jp.go.jica.approval.OnPostgres;

/** {@link MediaCarryOutProcessTest} on a real PostgreSQL. */
@OnPostgres
class MediaCarryOutOnPostgresTest extends MediaCarryOutProcessTest {
}
