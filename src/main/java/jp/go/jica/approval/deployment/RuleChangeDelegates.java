package jp.go.jica.approval.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.go.jica.approval.notification.Notifications;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import jp.go.jica.approval.organization.Role;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The steps of {@code bpmn/rule-change.bpmn} (変更申請). They are the only beans of this infrastructure module
 * a definition may name ({@link PlatformBeans}); each acts on the proposal its case was started for, never on
 * one the case names otherwise.
 */
@Configuration(proxyBeanMethods = false)
class RuleChangeDelegates {

  static final String RESOURCE = "ruleChangeResource";
  static final String NOTE = "ruleChangeNote";
  static final String SUMMARY = "ruleChangeSummary";
  static final String DIFF = "ruleChangeDiff";
  static final String DEPLOYED = "ruleChangeDeployed";
  static final String ROUTING = "ruleChangeRouting";
  static final String REFUSAL = "ruleChangeRefusal";

  private final RuleChanges changes;
  private final Notifications notifications;
  private final OrgChartService charts;

  RuleChangeDelegates(RuleChanges changes, Notifications notifications, OrgChartService charts) {
    this.changes = changes;
    this.notifications = notifications;
    this.charts = charts;
  }

  /**
   * Start: links the case to the stored proposal of the user who starts it (once) and shows the proposal to
   * the approver. A start outside the editor (engine REST) with another's or a decided proposal is refused.
   */
  @Bean
  ExecutionListener ruleChangeProposed() {
    return execution -> {
      String user = Context.getCommandContext().getAuthenticatedUserId();
      if (user == null) {
        throw new BadUserRequestException("変更申請はエディターから管理者が提出します");
      }
      if (!RuleChanges.PROCESS_KEY.equals(((ExecutionEntity) execution).getProcessDefinition().getKey())) {
        throw new IllegalStateException("変更申請は " + RuleChanges.PROCESS_KEY + " の案件でだけ提出できます");
      }
      Map<String, Object> row = changes.link(id(execution), user, execution.getProcessInstanceId());
      execution.setVariable(RESOURCE, row.get("resource_name"));
      execution.setVariable(NOTE, row.get("change_note"));
      execution.setVariable(SUMMARY, row.get("diff_summary"));
      execution.setVariable(DIFF, RuleChanges.shownDiff((String) row.get("diff_text")));
      execution.setVariable(ROUTING, row.get("routing_change"));
    };
  }

  /** Approved: deploys exactly the stored resource, or records why it could not (nothing deployed then). */
  @Bean
  JavaDelegate deployRuleChange() {
    return execution -> {
      Map<String, Object> row = proposal(execution);
      String approver = (String) execution.getVariable("decidedBy");
      String comment = (String) execution.getVariable("decisionComment");
      if (approver == null || approver.equals(row.get("proposed_by"))) {
        // The routed decision (SeparationOfDutiesGuard) names who approved; without it there was no approval.
        throw new IllegalStateException("変更申請 " + row.get("id") + " には申請者以外の承認がありません（第16条第1項）");
      }
      Optional<String> refusal;
      if (!shownAsStored(execution, row)) {
        // The approver decided on what the case showed: if that is not the stored proposal, nothing is deployed.
        refusal = Optional.of("承認時に表示された変更内容が保存された変更申請と一致しません");
        changes.refuse(id(execution), approver, comment, refusal.get());
      } else {
        refusal = changes.deployApproved(id(execution), approver, comment);
      }
      execution.setVariable(DEPLOYED, refusal.isEmpty());
      execution.setVariable(REFUSAL, refusal.orElse(null));
    };
  }

  /** Rejected: nothing is deployed; the proposer is told with the comment. */
  @Bean
  JavaDelegate recordRuleChangeRejection() {
    return execution -> {
      Map<String, Object> row = proposal(execution);
      String decider = (String) execution.getVariable("decidedBy");
      String comment = (String) execution.getVariable("decisionComment");
      changes.rejected(id(execution), decider, comment);
      Map<String, String> model = model(row);
      model.put("deciderName", name(decider) + java.util.Objects.toString(execution.getVariable("decidedAsDeputy"), ""));
      model.put("comment", comment == null || comment.isBlank() ? "（なし）" : comment);
      notifications.send("deployment/rule-change-rejected", (String) row.get("proposed_by"), model,
          execution.getProcessInstanceId());
    };
  }

  /** Approved but refused at deployment: the proposer and the approver are told why; nothing was deployed. */
  @Bean
  JavaDelegate notifyRuleChangeRefused() {
    return execution -> {
      Map<String, Object> row = proposal(execution);
      String approver = (String) execution.getVariable("decidedBy");
      Map<String, String> model = model(row);
      model.put("deciderName", name(approver) + java.util.Objects.toString(execution.getVariable("decidedAsDeputy"), ""));
      model.put("refusal", String.valueOf(execution.getVariable(REFUSAL)));
      for (String recipient : List.of((String) row.get("proposed_by"), approver)) {
        notifications.send("deployment/rule-change-refused", recipient, model, execution.getProcessInstanceId());
      }
    };
  }

  /**
   * A routing change (any DMN: who approves what) is reported to the CISO when deployed: the CISO sets who
   * permits (Art. 24-1) and the chief-iso reports the procedures' state to the CISO (Art. 20-1).
   */
  @Bean
  JavaDelegate reportRuleChangeToCiso() {
    return execution -> {
      Map<String, Object> row = proposal(execution);
      Map<String, String> model = model(row);
      model.put("deciderName", name((String) row.get("decided_by")));
      model.put("deploymentId", String.valueOf(row.get("deployment_id")));
      model.put("decidedAt", String.valueOf(row.get("decided_at")));
      String ciso = charts.current().organizationHolder(Role.CISO)
          .orElseThrow(() -> new IllegalStateException("組織図に最高情報セキュリティ責任者がいません"));
      notifications.send("deployment/rule-change-ciso", ciso, model, execution.getProcessInstanceId());
    };
  }

  private Map<String, Object> proposal(DelegateExecution execution) {
    if (!RuleChanges.PROCESS_KEY.equals(((ExecutionEntity) execution).getProcessDefinition().getKey())) {
      throw new IllegalStateException("変更申請の手順は " + RuleChanges.PROCESS_KEY + " の案件でだけ動きます");
    }
    Map<String, Object> row = changes.find(id(execution)).orElseThrow();
    if (!execution.getProcessInstanceId().equals(row.get("process_instance_id"))) {
      throw new IllegalStateException("変更申請 " + row.get("id") + " はこの案件の申請ではありません");
    }
    return row;
  }

  private static boolean shownAsStored(DelegateExecution execution, Map<String, Object> row) {
    return row.get("resource_name").equals(execution.getVariable(RESOURCE))
        && row.get("change_note").equals(execution.getVariable(NOTE))
        && row.get("diff_summary").equals(execution.getVariable(SUMMARY))
        && RuleChanges.shownDiff((String) row.get("diff_text")).equals(execution.getVariable(DIFF));
  }

  private Map<String, String> model(Map<String, Object> row) {
    Map<String, String> model = new LinkedHashMap<>();
    model.put("number", "RC-" + row.get("id"));
    model.put("resourceName", String.valueOf(row.get("resource_name")));
    model.put("proposerName", name((String) row.get("proposed_by")));
    model.put("note", String.valueOf(row.get("change_note")));
    model.put("summary", String.valueOf(row.get("diff_summary")));
    return model;
  }

  private String name(String id) {
    return id == null ? "" : charts.current().person(id).map(Person::name).map(n -> n + "（" + id + "）").orElse(id);
  }

  private static long id(DelegateExecution execution) {
    Object id = execution.getVariable(RuleChanges.ID_VARIABLE);
    if (id instanceof Number number) {
      return number.longValue();
    }
    if (id instanceof String text && text.matches("\\d{1,18}")) {
      return Long.parseLong(text);
    }
    throw new BadUserRequestException("変更申請の番号（" + RuleChanges.ID_VARIABLE + "）がありません");
  }
}
