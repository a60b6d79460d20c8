package jp.go.jica.approval.cloud;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.ledger.CaseActions;
import org.springframework.stereotype.Component;

/** 利用終了 on the case page: offered to the service's cloud-manager (or an administrator) while it is in use (Art. 69). */
@Component
class CloudActions implements CaseActions {

  private final CloudRegistry registry;

  CloudActions(CloudRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String processKey() {
    return "cloud-service-approval";
  }

  @Override
  public List<Action> actionsOn(String processInstanceId, String viewer, boolean administrator) {
    return registry.byProcessInstance(processInstanceId)
        .filter(service -> CloudServiceController.mayTerminate(service, viewer, administrator)
            && CloudRegistry.IN_USE.equals(service.status()))
        .map(service -> List.of(new Action("cloudServiceTermination", "利用終了",
            "このクラウドサービスの利用を終了する手続を開始します。情報とアカウントの廃棄を確認するタスク（第65条第3項・第69条）"
                + "がクラウドサービス管理者に届きます。",
            "/api/cloud-services/" + service.registryNumber() + "/termination", Map.of(), List.of())))
        .orElse(List.of());
  }
}
