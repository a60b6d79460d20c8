package jp.go.jica.approval.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.ledger.FormulaCells;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The cloud service registry's CSV shows an applicant's formula text as text (OWASP CSV injection). */
class CloudServiceCsvInjectionTest extends PlatformTest {

  @LocalServerPort int port;

  @Test
  void formulaTextInServiceAndProviderIsNeutralisedInTheExport() {
    Map<String, Object> values = CloudServiceApprovalProcessTest.confidential();
    values.put("serviceName", FormulaCells.AT);
    values.put("provider", FormulaCells.MINUS);
    String id = start("ga-staff", "cloud-service-approval", values).getId();

    Http.Reply csv = new Http(port).get("ph-staff", "/api/cloud-services.csv");

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.body()).contains((String) runtime.getVariable(id, "registryNumber"));
    FormulaCells.assertNeutralised(csv.body(), FormulaCells.AT, FormulaCells.MINUS);
  }
}
