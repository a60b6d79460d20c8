package jp.go.jica.approval.outsourcing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The contractor register over REST: who sees it, the CSV, and contract events from the department only. */
class ContractRegisterApiTest extends PlatformTest {

  @LocalServerPort int port;
  Http http;
  ProcessInstance outsourcing;
  String number;

  @BeforeEach
  void aContractOfGeneralAffairs() {
    http = new Http(port);
    outsourcing = start("ga-staff", "outsourcing-selection", OutsourcingSelectionProcessTest.plain());
    complete(task("draftSpecification"), "ga-director",
        OutsourcingSelectionProcessTest.approve(OutsourcingSelectionProcessTest.ART_54));
    complete(task("selectContractor"), "ga-director", OutsourcingSelectionProcessTest.SELECTED);
    complete(task("recordContract"), "ga-director", OutsourcingSelectionProcessTest.contract("従事者と対策"));
    number = (String) runtime.getVariable(outsourcing.getId(), "contractNumber");
  }

  @Test
  void theDepartmentAndTheSecurityOfficeSeeTheContractOthersDoNot() {
    assertThat(numbers(http.get("ga-chief", "/api/contracts"))).contains(number);
    assertThat(numbers(http.get("it-staff", "/api/contracts"))).contains(number);
    assertThat(numbers(http.get("proc-staff", "/api/contracts"))).doesNotContain(number);
    assertThat(http.get(null, "/api/contracts").status()).isEqualTo(401);
  }

  @Test
  void theRegisterExportsAsExcelReadyCsv() {
    Http.Reply csv = http.get("ga-staff", "/api/contracts.csv");

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.body()).startsWith("\uFEFF契約番号,委託業務,部署,委託先,状態");
    assertThat(csv.body()).contains("\"" + number + "\"", "\"広報誌の編集・印刷\"", "\"A社\"", "\"契約中\"");
  }

  @Test
  void contractEventsComeOnlyFromTheDepartment() {
    Http.Reply refused = http.post("proc-staff", "/api/contracts/" + number + "/events",
        "{\"type\":\"confirmationDocument\",\"text\":\"改ざん\"}");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("message").asText()).contains("総務部");

    Http.Reply accepted = http.post("ga-staff", "/api/contracts/" + number + "/events",
        "{\"type\":\"confirmationDocument\",\"text\":\"従事者変更: 鈴木を追加\"}");
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(http.post("ga-staff", "/api/contracts/" + number + "/events", "{\"type\":\"bogus\",\"text\":\"x\"}")
        .status()).isEqualTo(400);

    assertThat(http.post("ga-staff", "/api/contracts/" + number + "/events", "{\"type\":\"completed\"}").status())
        .isEqualTo(200);
    assertThat(task("acceptanceInspection").getAssignee()).isEqualTo("ga-director");
  }

  org.camunda.bpm.engine.task.Task task(String key) {
    return tasks.createTaskQuery().processInstanceId(outsourcing.getId()).taskDefinitionKey(key).singleResult();
  }

  static List<String> numbers(Http.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode rows = reply.json();
    return StreamSupport.stream(rows.spliterator(), false).map(r -> r.get("contractNumber").asText()).toList();
  }
}
