package jp.go.jica.approval.byod;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.CaseActions;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/** 目的完了 on the case page: offered to the permit holder while the permit waits for it (Art. 97-4). */
@Component
class ByodActions implements CaseActions {

  private final ByodRegister register;
  private final RuntimeService runtime;

  ByodActions(ByodRegister register, RuntimeService runtime) {
    this.register = register;
    this.runtime = runtime;
  }

  @Override
  public String processKey() {
    return "byod-permission";
  }

  @Override
  public List<Action> actionsOn(String processInstanceId, String viewer, boolean administrator) {
    return register.byProcessInstance(processInstanceId)
        .filter(permit -> viewer.equals(permit.applicantId()) && permit.permitNumber() != null)
        .filter(permit -> runtime.createEventSubscriptionQuery().processInstanceId(processInstanceId)
            .eventName(ByodController.PURPOSE_COMPLETED).count() > 0)
        .map(permit -> List.of(new Action("byodPurposeCompleted", "目的完了を報告",
            "許可を受けた利用の目的が完了したことを報告します。報告すると、端末から要保護情報を消去したことを報告するタスク"
                + "（第97条第4項）が届きます。",
            "/api/byod/permits/" + permit.permitNumber() + "/completion", Map.of(), List.of())))
        .orElse(List.of());
  }
}
