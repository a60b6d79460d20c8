package jp.go.jica.approval.outsourcing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The events of a running contract as buttons on the case page, for the department that runs it (Art. 54-56). */
class ContractCaseActionsTest extends PlatformTest {

  @LocalServerPort int port;

  @Test
  void theDepartmentIsOfferedEveryEventOfARunningContractAndABlankTextIsRefusedByItsLabel() {
    // Given ga-staff's contract under way
    Http http = new Http(port);
    ProcessInstance outsourcing = start("ga-staff", "outsourcing-selection", OutsourcingSelectionProcessTest.plain());
    complete(task(outsourcing, "draftSpecification"), "ga-director",
        OutsourcingSelectionProcessTest.approve(OutsourcingSelectionProcessTest.ART_54));
    complete(task(outsourcing, "selectContractor"), "ga-director", OutsourcingSelectionProcessTest.SELECTED);
    complete(task(outsourcing, "recordContract"), "ga-director", OutsourcingSelectionProcessTest.contract("従事者と対策"));

    // When the applicant opens the case
    JsonNode actions = http.get("ga-staff", "/api/cases/" + outsourcing.getId()).json().get("actions");

    // Then each event of the contract is a button with its own form
    List<String> labels = new ArrayList<>();
    actions.forEach(action -> labels.add(action.get("label").asText()));
    assertThat(labels).containsExactly("確認書の変更（新しい版）", "再委託の申請", "インシデントの報告", "業務の完了",
        "委託先の定期報告", "委託先のシステム変更の報告");
    JsonNode subcontract = actions.get(1);
    assertThat(subcontract.get("body").get("type").asText()).isEqualTo("subcontract");

    // When a subcontract request comes without its text, and from another department
    Http.Reply blank = http.post("ga-staff", subcontract.get("url").asText(), Http.json(Map.of("type", "subcontract", "text", "")));
    Http.Reply stranger = http.post("proc-staff", subcontract.get("url").asText(),
        Http.json(Map.of("type", "subcontract", "text", "B社")));

    // Then both are refused, the first naming the field, and no review was opened
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.json().get("message").asText()).contains("「再委託先と再委託する業務（第54条第5項）」");
    assertThat(stranger.status()).isEqualTo(403);
    assertThat(task(outsourcing, "reviewSubcontract")).isNull();
    assertThat(http.get("proc-staff", "/api/cases/" + outsourcing.getId()).status()).isEqualTo(404);
  }
}
