package jp.go.jica.approval.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.PlatformTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** 取下げ of a cloud service application before its terms risk is confirmed: the registry says 取下げ. */
class CloudWithdrawalTest extends PlatformTest {

  @LocalServerPort int port;

  @BeforeEach
  void initAssertions() {
    BpmnAwareTests.init(engine);
  }

  @Test
  void anApplicationWaitingForTheTermsRiskIsWithdrawnAndItsRegistryLineSaysSo() {
    // Given an application waiting for the iso's terms risk confirmation
    ProcessInstance application = start("ga-staff", "cloud-service-approval", CloudServiceApprovalProcessTest.nonConfidential());
    assertThat(application).isWaitingAt("confirmTermsRisk");

    // When the applicant withdraws it
    Http.Reply reply = new Http(port).post("ga-staff", "/api/cases/" + application.getId() + "/withdraw",
        Http.json(Map.of("reason", "別のサービスを利用するため")));

    // Then it ended, the registry says 取下げ and the iso is told
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(application).isEnded();
    assertThat(jdbc.queryForObject("select status from apr_cloud_service where process_instance_id = ?", String.class,
        application.getId())).isEqualTo("取下げ");
    assertThat(mails(application)).contains("cases/withdrawn:ga-director");
  }
}
