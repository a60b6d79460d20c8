package jp.go.jica.approval.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.ledger.FormulaCells;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The media carry-out log's CSV shows an applicant's formula text as text (OWASP CSV injection). */
class MediaCarryOutCsvInjectionTest extends PlatformTest {

  @LocalServerPort int port;

  @Test
  void formulaTextInAssetDestinationAndTransportIsNeutralisedInTheExport() {
    Map<String, Object> values = MediaCarryOutProcessTest.carryOut("1", "1", "1");
    values.put("assetNumber", FormulaCells.EQUALS);
    values.put("destination", FormulaCells.AT);
    values.put("transportMethod", FormulaCells.MINUS);
    String id = start("ga-staff", "media-carry-out", values).getId();

    Http.Reply csv = new Http(port).get("it-staff", "/api/media/carry-outs.csv");

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.body()).contains((String) runtime.getVariable(id, "logNumber"));
    FormulaCells.assertNeutralised(csv.body(), FormulaCells.EQUALS, FormulaCells.AT, FormulaCells.MINUS);
  }
}
