package jp.go.jica.approval.outsourcing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jp.go.jica.approval.ledger.CaseActions;
import jp.go.jica.approval.organization.OrgChartService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.springframework.stereotype.Component;

/**
 * The events of a running contract on the case page (確認書の変更, 再委託, インシデント, 完了, 委託先の報告): offered
 * to the department that runs it when the case awaits each one, as {@link ContractController} accepts them.
 */
@Component
class OutsourcingActions implements CaseActions {

  private final ContractRegister register;
  private final OrgChartService charts;
  private final RuntimeService runtime;

  OutsourcingActions(ContractRegister register, OrgChartService charts, RuntimeService runtime) {
    this.register = register;
    this.charts = charts;
    this.runtime = runtime;
  }

  @Override
  public String processKey() {
    return "outsourcing-selection";
  }

  @Override
  public List<Action> actionsOn(String processInstanceId, String viewer, boolean administrator) {
    ContractRegister.Entry contract = register.byProcessInstance(processInstanceId).orElse(null);
    if (contract == null || contract.contractNumber() == null
        || !ContractController.mayReport(contract, charts.current(), viewer, administrator)) {
      return List.of();
    }
    Set<String> awaited = runtime.createEventSubscriptionQuery().processInstanceId(processInstanceId).list().stream()
        .map(EventSubscription::getEventName).collect(Collectors.toSet());
    List<Action> actions = new ArrayList<>();
    ContractController.EVENTS.forEach((type, kind) -> {
      boolean report = kind.message().equals("outsourcingContractorReport");
      if (report ? ContractController.reportsTaken(contract) : awaited.contains(kind.message())) {
        actions.add(new Action("contract-" + type, kind.label(), "契約番号 " + contract.contractNumber() + " の届出",
            "/api/contracts/" + contract.contractNumber() + "/events", Map.of("type", type),
            List.of(new Field("text", kind.textLabel(), "textarea", kind.textRequired()))));
      }
    });
    return actions;
  }
}
