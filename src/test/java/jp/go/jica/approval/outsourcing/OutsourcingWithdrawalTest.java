package jp.go.jica.approval.outsourcing;

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

/** 取下げ of an outsourcing request before its specification is approved: the contract register says 取下げ. */
class OutsourcingWithdrawalTest extends PlatformTest {

  @LocalServerPort int port;

  @BeforeEach
  void initAssertions() {
    BpmnAwareTests.init(engine);
  }

  @Test
  void aRequestWaitingForItsSpecificationIsWithdrawnAndTheRegisterSaysSo() {
    // Given a request whose specification the iso has not approved yet
    ProcessInstance outsourcing = start("ga-staff", "outsourcing-selection", OutsourcingSelectionProcessTest.plain());
    assertThat(outsourcing).isWaitingAt("draftSpecification");

    // When the applicant withdraws it
    Http.Reply reply = new Http(port).post("ga-staff", "/api/cases/" + outsourcing.getId() + "/withdraw",
        Http.json(Map.of("reason", "委託せず内製するため")));

    // Then it ended, the register says 取下げ and the iso is told
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(outsourcing).isEnded();
    assertThat(jdbc.queryForObject("select status from apr_contract where process_instance_id = ?", String.class,
        outsourcing.getId())).isEqualTo("取下げ");
    assertThat(mails(outsourcing)).contains("cases/withdrawn:ga-director");
  }
}
