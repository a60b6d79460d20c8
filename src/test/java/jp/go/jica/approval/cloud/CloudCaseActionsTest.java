package jp.go.jica.approval.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** 利用終了 on the case page: the cloud-manager's button; the applicant has none and is refused at the endpoint. */
class CloudCaseActionsTest extends PlatformTest {

  @LocalServerPort int port;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
    BpmnAwareTests.init(engine);
  }

  @Test
  @DisplayName("第69条: 運用中のサービスの利用終了はクラウドサービス管理者だけに示され、申請者が直接送っても拒否される")
  void onlyTheCloudManagerIsOfferedTheEndOfUseArt69() {
    // Given ga-staff's service in use, with ga-chief as its cloud-manager
    ProcessInstance service = start("ga-staff", "cloud-service-approval", CloudServiceApprovalProcessTest.confidential());
    complete(task(service, "setSecurityRequirements"), "ga-director", CloudServiceApprovalProcessTest.REQUIREMENTS_SET);
    complete(task(service, "reviewCloudUse"), "it-director", Map.of("decision", "approve", "decisionComment", "",
        "cloudManager", "ga-chief"));
    complete(task(service, "setUseRequirements"), "ga-chief", CloudServiceApprovalProcessTest.USE_REQUIREMENTS_SET);
    complete(task(service, "registerInSystemLedger"), "ga-chief", Map.of("systemLedgerId", "SYS-1"));
    complete(task(service, "confirmGoLiveProcedures"), "ga-chief", CloudServiceApprovalProcessTest.PROCEDURES_READY);

    // When the cloud-manager and the applicant open the case
    JsonNode managers = http.get("ga-chief", "/api/cases/" + service.getId()).json().get("actions");
    JsonNode applicants = http.get("ga-staff", "/api/cases/" + service.getId()).json().get("actions");

    // Then only the cloud-manager is offered 利用終了
    assertThat(managers).hasSize(1);
    assertThat(managers.get(0).get("label").asText()).isEqualTo("利用終了");
    assertThat(applicants).isEmpty();
    String url = managers.get(0).get("url").asText();

    // When the applicant posts there directly, it is refused naming the cloud-manager, and the service stays in use
    Http.Reply refused = http.post("ga-staff", url, "{}");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("message").asText()).contains("クラウドサービス管理者");
    assertThat(jdbc.queryForObject("select status from apr_cloud_service where process_instance_id = ?", String.class,
        service.getId())).isEqualTo("運用中");

    // When the cloud-manager ends the use
    assertThat(http.post("ga-chief", url, "{}").status()).isEqualTo(200);

    // Then the disposal is to be confirmed, and the button is gone
    assertThat(service).isWaitingAt("confirmDisposal");
    assertThat(http.get("ga-chief", "/api/cases/" + service.getId()).json().get("actions")).isEmpty();
  }
}
