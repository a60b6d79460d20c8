package jp.go.jica.approval.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.validation.FieldCheck;
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
          "useWithinScope", "利用判断基準: 利用可能な業務・情報システムの範囲（第62条第1項）",
          "usePlaceAllowed", "利用判断基準: 情報の取扱いを許可された場所（第62条第1項）",
          "reqMeasures", "必要なセキュリティ対策",
          "reqDataLocation", "データの保存場所（国・地域）",
          "reqDisposal", "利用終了時のデータの廃棄方法",
          "reqServiceLevel", "サービスレベル",
          "specIncludesRequirements", "調達仕様にセキュリティ要件を含めた（第63条第1項）",
          "providerMeetsSpec", "提供者とサービスが調達仕様を満たすことの確認（第63条第2項）",
          "contractIncludesSpec", "調達仕様の内容を契約に含めた（第63条第2項）"));

  /** Per task: the text fields an approval must fill in, with their labels. */
  static final Map<String, Map<String, String>> TEXTS = Map.of(
      "setSecurityRequirements", Map.of(
          "useJudgement", "格付・取扱制限を踏まえた業務に係る影響度等の検討結果（第62条第1項）",
          "procurementDocuments", "調達仕様書・契約書（文書名・文書番号）"));

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
      TEXTS.getOrDefault(step, Map.of()).entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(item -> {
        if (FieldCheck.blank(task.getVariable(item.getKey()))) {
          missing.add("「" + item.getValue() + "」");
        }
      });
    }
    if (!missing.isEmpty()) {
      throw new BadUserRequestException("次の項目が確認されていません: " + String.join("、", missing));
    }
    switch (step) {
      case "reviewCloudUse" -> checkApproval(task, decision);
      case "reviewMeasures" -> checkLedgerUpdate(task);
      case "nameSuccessor" -> checkSuccessor(task);
      default -> { }
    }
  }

  private void checkApproval(DelegateTask task, Object decision) {
    if (!"approve".equals(decision)) {
      return;
    }
    Object manager = task.getVariable("cloudManager");
    if (manager == null || charts.current().person(manager.toString().trim()).isEmpty()) {
      throw new BadUserRequestException("承認する場合は「クラウドサービス管理者」（職員ID）を指定してください（第64条第3項）");
    }
    task.setVariable("cloudManager", manager.toString().trim());
  }

  /** Art. 68-2: a change found at the review is carried into the information-system ledger, not only noted. */
  private static void checkLedgerUpdate(DelegateTask task) {
    boolean newValues = !FieldCheck.blank(task.getVariable("changedDataLocations"))
        || !FieldCheck.blank(task.getVariable("changedServiceLevel"));
    boolean changed = newValues || !FieldCheck.blank(task.getVariable("reviewChanges"));
    List<String> errors = new ArrayList<>();
    if (newValues && FieldCheck.blank(task.getVariable("reviewChanges"))) {
      errors.add("保存場所やサービスレベルが変わった場合は「変更点（提供者の約款・保存場所・サービスレベル等）」を入力してください");
    }
    if (changed && !Boolean.TRUE.equals(task.getVariable("ledgerUpdated"))) {
      errors.add("変更がある場合は「変更を情報システム台帳及び関連文書に反映した（第68条第2項、変更がある場合は必須）」"
          + "を確認してチェックしてください");
    }
    if (!errors.isEmpty()) {
      throw new BadUserRequestException(String.join(" ／ ", errors));
    }
  }

  /**
   * Art. 20-2 with Art. 16: the successor is a person on the chart in force, not the person who left the
   * duty, and not a recorded party of the case (an employee with an interest in the provider).
   */
  private void checkSuccessor(DelegateTask task) {
    Object given = task.getVariable("successor");
    String successor = given == null ? "" : given.toString().trim();
    if (successor.isEmpty() || charts.current().person(successor).isEmpty()) {
      throw new BadUserRequestException("「後任のクラウドサービス管理者（職員ID）」は現在の組織図にいる職員のIDで指定してください"
          + "（「" + successor + "」は組織図にいません。第20条第2項）");
    }
    if (successor.equals(task.getVariable("formerCloudManager"))) {
      throw new BadUserRequestException("「後任のクラウドサービス管理者（職員ID）」には前任者と別の職員を指定してください（第20条第2項）");
    }
    Object parties = task.getVariable("parties");
    if (parties != null && List.of(parties.toString().split("[,、\\s]+")).contains(successor)) {
      throw new BadUserRequestException("「後任のクラウドサービス管理者（職員ID）」の「" + successor + "」はこの案件の当事者"
          + "（提供者と利害関係のある職員）のため指名できません（第16条）");
    }
    task.setVariable("successor", successor);
  }
}
