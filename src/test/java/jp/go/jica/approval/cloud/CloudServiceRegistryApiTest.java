package jp.go.jica.approval.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The approved-service registry over REST: any employee searches it (Art. 145-8), the CSV opens in
 * Excel, and only the service's cloud-manager may start the end of its use.
 */
class CloudServiceRegistryApiTest extends PlatformTest {

  @LocalServerPort int port;
  Http http;
  ProcessInstance application;
  String number;
  String name;

  @BeforeEach
  void aServiceInUseManagedByGaChief() {
    http = new Http(port);
    Map<String, Object> values = CloudServiceApprovalProcessTest.confidential();
    name = (String) values.get("serviceName");
    application = start("ga-staff", "cloud-service-approval", values);
    complete(task("setSecurityRequirements"), "ga-director", CloudServiceApprovalProcessTest.REQUIREMENTS_SET);
    complete(task("reviewCloudUse"), "it-director", Map.of("decision", "approve", "decisionComment", "",
        "cloudManager", "ga-chief"));
    complete(task("setUseRequirements"), "ga-chief", CloudServiceApprovalProcessTest.USE_REQUIREMENTS_SET);
    complete(task("registerInSystemLedger"), "ga-chief", Map.of("systemLedgerId", "SYS-9"));
    complete(task("confirmGoLiveProcedures"), "ga-chief", CloudServiceApprovalProcessTest.PROCEDURES_READY);
    number = (String) runtime.getVariable(application.getId(), "registryNumber");
  }

  @Test
  void anyEmployeeCanFindWhetherAServiceIsApprovedAndForWhat() {
    Http.Reply found = http.get("proc-staff", "/api/cloud-services?q=" + encode(name));

    assertThat(found.status()).isEqualTo(200);
    var service = found.json().get(0);
    assertThat(service.get("registryNumber").asText()).isEqualTo(number);
    assertThat(service.get("status").asText()).isEqualTo("運用中");
    assertThat(service.get("confidentiality").asInt()).isEqualTo(2);
    assertThat(service.get("cloudManagerName").asText()).isEqualTo("総務 課長");
    assertThat(service.get("ismapNumber").asText()).isEqualTo("C23-0001-1");
    assertThat(service.get("departmentName").asText()).isEqualTo("総務部");
    assertThat(service.get("cloudManagerSince").isNull()).as("since when the cloud-manager holds the duty").isFalse();
    assertThat(service.get("systemLedgerId").asText()).isEqualTo("SYS-9");
    assertThat(service.get("systemLedgerRevision").asInt()).isZero();
    assertThat(http.get("proc-staff", "/api/cloud-services?q=" + encode("存在しないサービス")).json()).isEmpty();
    assertThat(http.get(null, "/api/cloud-services").status()).isEqualTo(401);
  }

  @Test
  void theRegistryExportsAsExcelReadyCsv() throws Exception {
    HttpResponse<byte[]> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/api/cloud-services.csv?status=" + encode("運用中")))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ph-staff:demo".getBytes())).build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(csv.statusCode()).isEqualTo(200);
    byte[] body = csv.body();
    assertThat(new byte[] {body[0], body[1], body[2]}).containsExactly(0xEF, 0xBB, 0xBF);
    String text = new String(body, StandardCharsets.UTF_8).substring(1);
    assertThat(text.lines().findFirst().orElseThrow()).startsWith("登録番号,サービス名,提供者,状態");
    assertThat(text).contains("\"" + number + "\"", "\"" + name + "\"", "\"総務 課長\"");
    assertThat(text.lines().findFirst().orElseThrow()).contains("クラウドサービス管理者（就任）", "情報システム台帳の版",
        "情報システム台帳の更新（第68条第2項）", "調達仕様書・契約書（第63条）");
  }

  @Test
  void onlyTheCloudManagerMayStartTheEndOfUse() {
    Http.Reply refused = http.post("ga-staff", "/api/cloud-services/" + number + "/termination", "");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("message").asText()).contains("クラウドサービス管理者", "総務 課長");
    assertThat(http.post(null, "/api/cloud-services/" + number + "/termination", "").status()).isEqualTo(401);
    assertThat(task("confirmDisposal")).as("nothing started").isNull();

    Http.Reply started = http.post("ga-chief", "/api/cloud-services/" + number + "/termination", "");

    assertThat(started.status()).isEqualTo(200);
    assertThat(task("confirmDisposal").getAssignee()).isEqualTo("ga-chief");
    assertThat(http.post("ga-chief", "/api/cloud-services/" + number + "/termination", "").status())
        .as("only a service in use can be ended").isEqualTo(409);
  }

  org.camunda.bpm.engine.task.Task task(String key) {
    return tasks.createTaskQuery().processInstanceId(application.getId()).taskDefinitionKey(key).singleResult();
  }

  static String encode(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
