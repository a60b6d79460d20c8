package jp.go.jica.approval.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.EngineClient;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Art. 143-3: the designated areas are the chief-iso's alone, on /api with Basic and with a session. */
class DesignatedAreaOwnerTest extends PlatformTest {

  private static final String AREA = "{\"name\":\"財務省 会議室\",\"organization\":\"財務省\"}";

  @LocalServerPort int port;

  @Autowired
  MediaLog log;

  @Test
  @DisplayName("第143条第3項: プラットフォーム管理者は指定区域を変更できず、何も記録されない")
  void thePlatformAdministratorMayNotDesignateAnArea() {
    // When the administrator designates an area on /api with Basic and with a session
    Http.Reply basic = new Http(port).put("admin", "/api/media/designated-areas/MOF-ADM", AREA);
    Http.Reply session = ((EngineClient.SessionClient) EngineClient.tasklist(port, "admin"))
        .putRaw("/api/media/designated-areas/MOF-ADM", AREA);

    // Then both are refused in Japanese and nothing changed
    for (Http.Reply reply : List.of(basic, session)) {
      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.body()).contains("統括情報セキュリティ責任者だけ", "第143条第3項");
    }
    assertThat(log.area("MOF-ADM")).isEmpty();
    assertThat(log.areaChanges("MOF-ADM")).isEmpty();
  }

  @Test
  @DisplayName("第143条第3項: 統括情報セキュリティ責任者の指定と取消しは、誰が何を変えたかとともに記録される")
  void theChiefIsoDesignatesAndWithdrawsAndBothAreRecorded() {
    // Given the chief-iso designates an area with a session and withdraws it with Basic
    Http.Reply designated = ((EngineClient.SessionClient) EngineClient.tasklist(port, "it-director"))
        .putRaw("/api/media/designated-areas/MOF-CIS", AREA);
    Http.Reply withdrawn = new Http(port).delete("it-director", "/api/media/designated-areas/MOF-CIS");

    // Then both took effect and the change log names the chief-iso
    assertThat(designated.status()).isEqualTo(200);
    assertThat(withdrawn.status()).isEqualTo(200);
    assertThat(log.area("MOF-CIS")).isEmpty();
    List<Map<String, Object>> changes = log.areaChanges("MOF-CIS");
    assertThat(changes).extracting(c -> c.get("action")).containsExactly("designate", "withdraw");
    assertThat(changes).extracting(c -> c.get("changed_by")).containsOnly("it-director");
    assertThat(changes.get(0)).containsEntry("name", "財務省 会議室");
  }
}
