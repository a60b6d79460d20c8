package jp.go.jica.approval.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The one error handling of {@code /api}: a refusal keeps its status and its Japanese reason, and an error
 * nobody expected is a 500 with a generic Japanese message and a reference id, without the platform's insides.
 */
class PlatformApiErrorsTest extends PlatformTest {

  @LocalServerPort int port;
  Http http;
  String number;

  /** A registry line "in use" whose process does not exist: ending it cannot be correlated. */
  @BeforeEach
  void aServiceInUseWithoutItsProcess() {
    http = new Http(port);
    number = "CS-T-" + UUID.randomUUID().toString().substring(0, 8);
    jdbc.update("insert into apr_cloud_service (process_instance_id, registry_number, service_name, provider, purpose, "
            + "department_id, department_name, applicant_id, applicant_name, confidential, confidentiality, integrity, "
            + "availability, data_outside_japan, ismap_registered, period_from, period_to, status, cloud_manager_id, "
            + "cloud_manager_name, created_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "no-such-process-" + number, number, "孤立サービス", "提供者", "試験", "ga-dept", "総務部", "ga-staff", "総務 花子",
        false, 1, 1, 1, false, false, Date.valueOf(LocalDate.now()), Date.valueOf(LocalDate.now().plusDays(30)),
        "運用中", "ga-chief", "総務 課長", Timestamp.from(Instant.now()));
  }

  @Test
  void aRefusalKeepsItsStatusAndItsJapaneseReason() {
    // When someone other than the cloud-manager ends the service, or a contract that does not exist is asked for
    Http.Reply forbidden = http.post("proc-staff", "/api/cloud-services/" + number + "/termination", "");
    Http.Reply missing = http.get("ga-staff", "/api/contracts/OS-0000-NONE/timeline");

    // Then each keeps its status and the reason written for people
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.json().get("message").asText()).contains("クラウドサービス管理者（総務 課長）だけが開始できます");
    assertThat(forbidden.json().get("type").asText()).isEqualTo("AuthorizationException");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().get("message").asText()).isEqualTo("契約番号「OS-0000-NONE」はありません");
    // And nothing changed
    assertThat(status()).isEqualTo("運用中");
  }

  @Test
  void anUnexpectedErrorIsAGeneric500WithAReferenceAndNothingOfTheInsides() {
    // When the cloud-manager ends a service whose process cannot take the message
    Http.Reply failed = http.post("ga-chief", "/api/cloud-services/" + number + "/termination", "");

    // Then a 500 in Japanese with a reference id, and not the engine's message or an exception's name
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.json().get("message").asText()).startsWith("サーバー内部でエラーが発生しました")
        .contains(failed.json().get("referenceId").asText());
    assertThat(failed.body()).doesNotContain("correlate", "Exception", "cloudServiceTermination", "no-such-process", "at ");
    // And the refused change was rolled back
    assertThat(status()).isEqualTo("運用中");
  }

  @Test
  void springsOwnRefusalsKeepTheirStatusWithAJapaneseMessage() {
    // When a register's list is sent a method it does not take
    Http.Reply wrongMethod = http.delete("ga-staff", "/api/registers");

    // Then 405 in Japanese
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.json().get("message").asText()).isEqualTo("この操作はこの URL では行えません");
  }

  private String status() {
    return jdbc.queryForObject("select status from apr_cloud_service where registry_number = ?", String.class, number);
  }
}
