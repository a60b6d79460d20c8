package jp.go.jica.approval.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.organization.OrgChartService;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * Completion check of the checklist tasks ({@code complete} listener {@code ${cloudChecklist}}):
 * every item the articles require must be confirmed, each missing one named in Japanese.
 */
@Component("cloudChecklist")
class CloudChecklist implements TaskListener {

  /**
   * Per task: the checkbox variables that must be true to approve, with their labels. (Checklists that
   * must always be complete are required fields of their forms instead.)
   */
  static final Map<String, Map<String, String>> ITEMS = Map.of(
      "setSecurityRequirements", Map.of(
          "reqMeasures", "必要なセキュリティ対策",
          "reqDataLocation", "データの保存場所（国・地域）",
          "reqDisposal", "利用終了時のデータの廃棄方法",
          "reqServiceLevel", "サービスレベル"));

  private final OrgChartService charts;

  CloudChecklist(OrgChartService charts) {
    this.charts = charts;
  }

  @Override
  public void notify(DelegateTask task) {
    String step = task.getTaskDefinitionKey();
    Object decision = task.getVariable("decision");
    List<String> missing = new ArrayList<>();
    boolean approving = decision == null || "approve".equals(decision);
    if (approving && ITEMS.containsKey(step)) {
      ITEMS.get(step).entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(item -> {
        if (!Boolean.TRUE.equals(task.getVariable(item.getKey()))) {
          missing.add("「" + item.getValue() + "」");
        }
      });
    }
    if (!missing.isEmpty()) {
      throw new BadUserRequestException("次の項目が確認されていません: " + String.join("、", missing));
    }
    if ("reviewCloudUse".equals(step) && "approve".equals(decision)) {
      Object manager = task.getVariable("cloudManager");
      if (manager == null || charts.current().person(manager.toString().trim()).isEmpty()) {
        throw new BadUserRequestException("承認する場合は「クラウドサービス管理者」（職員ID）を指定してください（第64条第3項）");
      }
      task.setVariable("cloudManager", manager.toString().trim());
    }
  }
}
