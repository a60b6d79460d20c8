package jp.go.jica.approval.exception;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The exception ledger over REST: who sees what, filters, and a CSV that Excel on Japanese Windows opens. */
class ExceptionLedgerApiTest extends PlatformTest {

  @LocalServerPort int port;
  Http http;
  String gaNumber;
  String procNumber;

  @BeforeEach
  void twoApplicationsInTwoDepartments() {
    http = new Http(port);
    gaNumber = applyAndApprove("ga-staff", "ga-director");
    procNumber = applyAndApprove("proc-staff", "proc-director");
  }

  @Test
  void theChiefIsoExportsTheWholeLedgerAsExcelReadyCsv() throws Exception {
    HttpResponse<byte[]> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/api/exceptions/ledger.csv"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("it-director:demo".getBytes()))
        .build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    byte[] body = csv.body();
    assertThat(new byte[] {body[0], body[1], body[2]}).as("UTF-8 BOM").containsExactly(0xEF, 0xBB, 0xBF);
    String text = new String(body, StandardCharsets.UTF_8).substring(1);
    assertThat(text.lines().findFirst().orElseThrow()).startsWith("台帳番号,申請者,部署,対象規定");
    assertThat(text).contains("\"" + gaNumber + "\"", "\"" + procNumber + "\"", "\"総務 花子\"", "\"総務部\"", "\"承認\"");
    assertThat(text).contains("\r\n");
  }

  @Test
  void theLedgerFiltersByDepartmentAndStatus() {
    assertThat(numbers(http.get("it-director", "/api/exceptions/ledger?department=ga-dept")))
        .contains(gaNumber).doesNotContain(procNumber);
    assertThat(numbers(http.get("it-director", "/api/exceptions/ledger?status=却下")))
        .doesNotContain(gaNumber, procNumber);
  }

  @Test
  void anAuthorizerSeesTheirDepartmentAndAnEmployeeOnlyTheirOwnEntries() {
    assertThat(numbers(http.get("ga-director", "/api/exceptions/ledger"))).contains(gaNumber).doesNotContain(procNumber);
    assertThat(numbers(http.get("proc-staff", "/api/exceptions/ledger"))).contains(procNumber).doesNotContain(gaNumber);
    assertThat(numbers(http.get("ga-chief", "/api/exceptions/ledger"))).doesNotContain(gaNumber, procNumber);
  }

  @Test
  void otherDepartmentsLedgersAreRefused() {
    Http.Reply refused = http.get("proc-staff", "/api/exceptions/ledger.csv?department=ga-dept");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("message").asText()).contains("ga-dept", "権限がありません");
    assertThat(http.get(null, "/api/exceptions/ledger").status()).isEqualTo(401);
  }

  String applyAndApprove(String applicant, String authorizer) {
    String id = as(applicant, () -> runtime.startProcessInstanceByKey("exception-measure",
        new HashMap<>(ExceptionMeasureProcessTest.application())).getId());
    String task = tasks.createTaskQuery().processInstanceId(id).singleResult().getId();
    as(authorizer, () -> {
      tasks.complete(task, Map.of("decision", "approve", "decisionComment", ""));
      return null;
    });
    return (String) runtime.getVariable(id, "ledgerNumber");
  }

  static List<String> numbers(Http.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode rows = reply.json();
    return StreamSupport.stream(rows.spliterator(), false).map(r -> r.get("ledgerNumber").asText()).toList();
  }
}
