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

  @Test
  @org.junit.jupiter.api.DisplayName("第55条第2項第2号: 部署が届け出た委託先の定期報告は記録のタスクになり、契約の経過として部署と情報セキュリティ担当部署に見える")
  void aContractorReportTheDepartmentPostsIsRecordedInTheTimelineArt55_2() {
    Http.Reply posted = http.post("ga-staff", "/api/contracts/" + number + "/events",
        "{\"type\":\"report\",\"text\":\"第1四半期の履行状況報告\"}");
    assertThat(posted.status()).as(posted.body()).isEqualTo(200);
    complete(task("recordContractorReport"), "ga-director", Map.of("reportAssessment", "問題なし"));

    Http.Reply timeline = http.get("it-staff", "/api/contracts/" + number + "/timeline");
    assertThat(timeline.status()).isEqualTo(200);
    assertThat(timeline.body()).contains("第55条第2項第2号", "第1四半期の履行状況報告", "問題なし");
    assertThat(http.get("proc-staff", "/api/contracts/" + number + "/timeline").status()).isEqualTo(403);
    assertThat(http.post("ga-staff", "/api/contracts/" + number + "/events", "{\"type\":\"systemChange\",\"text\":\"\"}")
        .status()).isEqualTo(400);
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
