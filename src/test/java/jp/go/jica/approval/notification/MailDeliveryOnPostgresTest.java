package jp.go.jica.approval.notification;

import jp.go.jica.approval.OnPostgres;

/** {@link MailDeliveryTest} on a real PostgreSQL. */
@OnPostgres
class MailDeliveryOnPostgresTest extends MailDeliveryTest {
}
