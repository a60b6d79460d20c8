package jp.go.jica.approval.outsourcing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import jp.go.jica.approval.cases.WithdrawalCheck;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 取下げ of an outsourcing request at each undecided step (specification, system conditions, selection, the
 * 業務委託サービス decision, revision): the contract register says 取下げ. Once the contract is being made, it is refused.
 */
class OutsourcingWithdrawalTest extends WithdrawalCheck {

  /** The steps of a 業務委託サービス request in their order. */
  static final List<String> STEPS = List.of("draftSpecification", "addSystemConditions", "selectContractor",
      "approveOutsourcingService");

  @Test
  void aRequestWaitingForItsSpecificationIsWithdrawnAndTheRegisterSaysSo() {
    // Given a request whose specification the iso has not approved yet
    ProcessInstance outsourcing = start("ga-staff", "outsourcing-selection", OutsourcingSelectionProcessTest.plain());
    assertThat(outsourcing).isWaitingAt("draftSpecification");

    // When the applicant withdraws it
    Http.Reply reply = withdraw("ga-staff", outsourcing, "委託せず内製するため");

    // Then it ended, the register says 取下げ and the iso is told
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(outsourcing).isEnded();
    assertThat(jdbc.queryForObject("select status from apr_contract where process_instance_id = ?", String.class,
        outsourcing.getId())).isEqualTo("取下げ");
    assertThat(mails(outsourcing)).contains("cases/withdrawn:ga-director");
  }

  @ParameterizedTest(name = "取下げ at {0} ends the request and the contract register says 取下げ")
  @ValueSource(strings = {"draftSpecification", "addSystemConditions", "selectContractor", "approveOutsourcingService",
      "reviseRequest"})
  void theApplicantWithdrawsAtEveryUndecidedStep(String step) {
    ProcessInstance outsourcing = start("ga-staff", "outsourcing-selection", OutsourcingSelectionProcessTest.service());
    if (step.equals("reviseRequest")) {
      complete(task(outsourcing, "draftSpecification"), "ga-director", Map.of("decision", "sendBack",
          "decisionComment", "提供する情報を特定してください"));
    } else {
      for (String before : STEPS.subList(0, STEPS.indexOf(step))) {
        complete(task(outsourcing, before), "ga-director", approval(before));
      }
    }

    assertWithdrawnAt(outsourcing, step, "apr_contract");
  }

  @Test
  void aRequestWhoseContractorWasSelectedCannotBeWithdrawn() {
    ProcessInstance outsourcing = start("ga-staff", "outsourcing-selection", OutsourcingSelectionProcessTest.plain());
    complete(task(outsourcing, "draftSpecification"), "ga-director", approval("draftSpecification"));
    complete(task(outsourcing, "selectContractor"), "ga-director", approval("selectContractor"));
    assertThat(outsourcing).isWaitingAt("recordContract");

    assertNotWithdrawable(outsourcing, "apr_contract");
  }

  static Map<String, Object> approval(String step) {
    return switch (step) {
      case "draftSpecification" -> OutsourcingSelectionProcessTest.approve(OutsourcingSelectionProcessTest.ART_54);
      case "addSystemConditions" -> OutsourcingSelectionProcessTest.SERVICE_CONDITIONS;
      case "selectContractor" -> OutsourcingSelectionProcessTest.SELECTED;
      default -> throw new IllegalArgumentException(step);
    };
  }
}
