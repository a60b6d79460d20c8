package jp.go.jica.approval.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The BYOD permit register and the media carry-out log over REST: who sees what, and Excel-ready CSV. */
class PermitAndCarryOutRegistersApiTest extends PlatformTest {

  @LocalServerPort int port;

  @Test
  void theCarryOutLogShowsOwnEntriesToEmployeesAndAllToTheSecurityOffice() {
    Http http = new Http(port);
    String pid = start("ga-staff", "media-carry-out", MediaCarryOutProcessTest.carryOut("1", "1", "1")).getId();
    String number = (String) runtime.getVariable(pid, "logNumber");

    assertThat(http.get("ga-staff", "/api/media/carry-outs").body()).contains(number);
    assertThat(http.get("ga-chief", "/api/media/carry-outs").body()).as("section-iso of the department").contains(number);
    assertThat(http.get("it-staff", "/api/media/carry-outs").body()).as("security office").contains(number);
    assertThat(http.get("proc-staff", "/api/media/carry-outs").body()).doesNotContain(number);
    Http.Reply csv = http.get("it-staff", "/api/media/carry-outs.csv");
    assertThat(csv.body()).startsWith("\uFEFF記録番号,申請者,部署,媒体,資産番号").contains("\"" + number + "\"", "\"総務 花子\"");
  }

  @Test
  void thePermitRegisterShowsWhoWhichDeviceUntilWhenAndWhetherErased() {
    Http http = new Http(port);
    String pid = start("ga-staff", "byod-permission", Map.ofEntries(Map.entry("deviceKind", "pc"),
        Map.entry("osVersion", "Windows 11"), Map.entry("deviceOwner", "本人"), Map.entry("purpose", "在宅勤務"),
        Map.entry("information", "公開資料"), Map.entry("confidentiality", "1"), Map.entry("integrity", "1"),
        Map.entry("availability", "1"), Map.entry("internalNetwork", "no"),
        Map.entry("periodFrom", java.time.LocalDate.now().toString()),
        Map.entry("periodTo", java.time.LocalDate.now().plusDays(30).toString()))).getId();
    String number = (String) runtime.getVariable(pid, "permitNumber");

    assertThat(http.get("ga-device-manager", "/api/byod/permits").body()).contains(number);
    assertThat(http.get("proc-staff", "/api/byod/permits").body()).doesNotContain(number);
    Http.Reply csv = http.get("ga-staff", "/api/byod/permits.csv");
    assertThat(csv.body()).startsWith("\uFEFF許可番号,申請者,部署,端末").contains("\"" + number + "\"", "\"Windows 11\"", "\"いいえ\"");
  }
}
