package jp.go.jica.approval.byod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.ledger.FormulaCells;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The BYOD permit register's CSV shows an applicant's formula text as text (OWASP CSV injection). */
class ByodPermitCsvInjectionTest extends PlatformTest {

  @LocalServerPort int port;

  @Test
  void formulaTextInTheDeviceIsNeutralisedInTheExport() {
    Map<String, Object> values = ByodPermissionProcessTest.publicInformation();
    values.put("osVersion", FormulaCells.CR);
    values.put("deviceOwner", FormulaCells.TAB);
    String id = start("ga-staff", "byod-permission", values).getId();

    Http.Reply csv = new Http(port).get("ga-staff", "/api/byod/permits.csv");

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.body()).contains((String) runtime.getVariable(id, "permitNumber"));
    FormulaCells.assertNeutralised(csv.body(), FormulaCells.CR, FormulaCells.TAB);
  }
}
