package jp.go.jica.approval.outsourcing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.ledger.FormulaCells;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The contractor register's CSV shows the department's formula text as text (OWASP CSV injection). */
class ContractCsvInjectionTest extends PlatformTest {

  @LocalServerPort int port;

  @Test
  void formulaTextInTheWorkAndTheContractorIsNeutralisedInTheExport() {
    Map<String, Object> values = OutsourcingSelectionProcessTest.plain();
    values.put("workDescription", FormulaCells.MINUS);
    ProcessInstance outsourcing = start("ga-staff", "outsourcing-selection", values);
    complete(task(outsourcing, "draftSpecification"), "ga-director",
        OutsourcingSelectionProcessTest.approve(OutsourcingSelectionProcessTest.ART_54));
    Map<String, Object> selected = new HashMap<>(OutsourcingSelectionProcessTest.SELECTED);
    selected.put("selectedContractor", FormulaCells.EQUALS);
    complete(task(outsourcing, "selectContractor"), "ga-director", selected);

    Http.Reply csv = new Http(port).get("ga-staff", "/api/contracts.csv");

    assertThat(csv.status()).isEqualTo(200);
    FormulaCells.assertNeutralised(csv.body(), FormulaCells.MINUS, FormulaCells.EQUALS);
  }
}
