package jp.go.jica.approval.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.cases.WithdrawalCheck;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 取下げ of a cloud service application at each undecided step of both tracks: the registry says 取下げ. */
class CloudWithdrawalTest extends WithdrawalCheck {

  static final Map<String, Object> APPROVE = Map.of("decision", "approve", "decisionComment", "");

  @Test
  void anApplicationWaitingForTheTermsRiskIsWithdrawnAndItsRegistryLineSaysSo() {
    // Given an application waiting for the iso's terms risk confirmation
    ProcessInstance application = start("ga-staff", "cloud-service-approval", CloudServiceApprovalProcessTest.nonConfidential());
    assertThat(application).isWaitingAt("confirmTermsRisk");

    // When the applicant withdraws it
    Http.Reply reply = withdraw("ga-staff", application, "別のサービスを利用するため");

    // Then it ended, the registry says 取下げ and the iso is told
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(application).isEnded();
    assertThat(jdbc.queryForObject("select status from apr_cloud_service where process_instance_id = ?", String.class,
        application.getId())).isEqualTo("取下げ");
    assertThat(mails(application)).contains("cases/withdrawn:ga-director");
  }

  @ParameterizedTest(name = "取下げ at {0} ends the application and the registry says 取下げ")
  @ValueSource(strings = {"setSecurityRequirements", "reviewCloudUse (confidential)", "confirmTermsRisk",
      "reviewCloudUse (terms)", "reviseApplication"})
  void theApplicantWithdrawsAtEveryUndecidedStepOfBothTracks(String stepAndTrack) {
    String step = stepAndTrack.split(" ")[0];
    assertWithdrawnAt(waitingAt(stepAndTrack), step, "apr_cloud_service");
  }

  @Test
  void anApprovedServiceWaitingForItsUseRequirementsCannotBeWithdrawn() {
    ProcessInstance application = waitingAt("reviewCloudUse (confidential)");
    complete(task(application, "reviewCloudUse"), "it-director", Map.of("decision", "approve", "decisionComment", "",
        "cloudManager", "ga-chief"));
    assertThat(application).isWaitingAt("setUseRequirements");

    assertNotWithdrawable(application, "apr_cloud_service");
  }

  ProcessInstance waitingAt(String stepAndTrack) {
    boolean confidential = stepAndTrack.equals("setSecurityRequirements") || stepAndTrack.endsWith("(confidential)");
    ProcessInstance application = start("ga-staff", "cloud-service-approval", confidential
        ? CloudServiceApprovalProcessTest.confidential() : CloudServiceApprovalProcessTest.nonConfidential());
    switch (stepAndTrack) {
      case "reviewCloudUse (confidential)" ->
          complete(task(application, "setSecurityRequirements"), "ga-director", CloudServiceApprovalProcessTest.REQUIREMENTS_SET);
      case "reviewCloudUse (terms)" -> complete(task(application, "confirmTermsRisk"), "ga-director", APPROVE);
      case "reviseApplication" -> complete(task(application, "confirmTermsRisk"), "ga-director",
          Map.of("decision", "sendBack", "decisionComment", "約款の版を添付してください"));
      default -> { }
    }
    return application;
  }
}
