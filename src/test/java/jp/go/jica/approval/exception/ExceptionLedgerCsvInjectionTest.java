package jp.go.jica.approval.exception;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import jp.go.jica.approval.ledger.FormulaCells;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The exception ledger's CSV shows an applicant's and an authorizer's formula text as text (OWASP CSV injection). */
class ExceptionLedgerCsvInjectionTest extends PlatformTest {

  @LocalServerPort int port;

  @Test
  void formulaTextFromTheApplicationAndTheDecisionIsNeutralisedInTheExport() {
    Map<String, Object> application = new HashMap<>(ExceptionMeasureProcessTest.application());
    application.put("ruleReference", FormulaCells.EQUALS);
    String id = as("ga-staff", () -> runtime.startProcessInstanceByKey("exception-measure", application).getId());
    String task = tasks.createTaskQuery().processInstanceId(id).singleResult().getId();
    as("ga-director", () -> {
      tasks.complete(task, Map.of("decision", "approve", "decisionComment", FormulaCells.PLUS));
      return null;
    });

    Http.Reply csv = new Http(port).get("it-director", "/api/exceptions/ledger.csv");

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.body()).contains((String) runtime.getVariable(id, "ledgerNumber"));
    FormulaCells.assertNeutralised(csv.body(), FormulaCells.EQUALS, FormulaCells.PLUS);
  }
}
