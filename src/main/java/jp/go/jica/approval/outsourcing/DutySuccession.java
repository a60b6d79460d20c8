package jp.go.jica.approval.outsourcing;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartReloaded;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import jp.go.jica.approval.organization.Role;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Art. 20-2 for the contract's named duties: when a reload shows that the contract owner or the
 * 業務委託サービス管理者 of a live contract left or moved, the case's event subprocess
 * {@code dutyHolderChange} opens a task for the responsible iso to name a successor, whom
 * {@link #check} accepts only from the chart and free of Art. 16 conflict on the case.
 */
@Component
class DutySuccession {

  static final String CONTRACT_OWNER = "contractOwner";
  static final String SERVICE_MANAGER = "serviceManager";
  static final String MESSAGE = "outsourcingDutyHolderLeft";
  private static final Map<String, String> LABELS = Map.of(
      CONTRACT_OWNER, "委託契約の担当者（情報セキュリティ責任者、第54条〜第56条）",
      SERVICE_MANAGER, "業務委託サービス管理者（第60条第8項）");
  private static final Logger log = LoggerFactory.getLogger(DutySuccession.class);

  private final ContractRegister register;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final OrgChartService charts;

  DutySuccession(ContractRegister register, RuntimeService runtime, TaskService tasks, OrgChartService charts) {
    this.register = register;
    this.runtime = runtime;
    this.tasks = tasks;
    this.charts = charts;
  }

  /** After the approval rerouter (10): the named duties of every live contract. */
  @EventListener
  @Order(31)
  void onReload(OrgChartReloaded event) {
    for (ContractRegister.Entry contract : register.live()) {
      String pid = contract.processInstanceId();
      try {
        Object owner = runtime.getVariable(pid, CONTRACT_OWNER);
        if (owner != null && event.leftOrMoved(owner.toString())) {
          // The contract is the department's iso's duty (Art. 54-56): the department's iso now names who runs it.
          Optional<String> iso = event.current().holderOf(Role.ISO, contract.departmentId());
          if (iso.filter(owner::equals).isEmpty()) {
            open(pid, CONTRACT_OWNER, owner.toString(), iso.or(() -> event.current().organizationHolder(Role.CHIEF_ISO))
                .orElseThrow(), event);
          }
        }
        String manager = contract.serviceManagerId();
        if (manager != null && event.leftOrMoved(manager)) {
          // The chief-iso named the manager (Art. 60-8), so the chief-iso names the successor.
          open(pid, SERVICE_MANAGER, manager, event.current().organizationHolder(Role.CHIEF_ISO).orElseThrow(), event);
        }
      } catch (RuntimeException e) {
        // One contract that cannot be handled must not keep the others' successors from being named.
        log.error("Could not open the successor task of contract {} after the reorganisation: {}",
            contract.contractNumber(), e.getMessage());
      }
    }
  }

  private void open(String pid, String duty, String former, String authority, OrgChartReloaded event) {
    boolean alreadyOpen = tasks.createTaskQuery().processInstanceId(pid).taskDefinitionKey("nameSuccessor").list()
        .stream().map(Task::getId).anyMatch(id -> duty.equals(tasks.getVariable(id, "dutyKind")));
    if (alreadyOpen) {
      return;
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put("dutyKind", duty);
    variables.put("dutyLabel", LABELS.get(duty));
    variables.put("formerHolder", former);
    variables.put("formerHolderName", event.previous().person(former).map(Person::name).orElse(former)
        + (event.current().person(former).isPresent() ? "（異動）" : "（退職等）"));
    variables.put("successorAuthority", authority);
    runtime.createMessageCorrelation(MESSAGE).processInstanceId(pid).setVariablesToTriggeredScope(variables)
        .correlate();
    log.info("Contract {}: {} {} left or moved; {} names the successor", pid, duty, former, authority);
  }

  /** The successor is on the chart in force and no party to the case (Art. 16), or the completion is refused. */
  void check(DelegateTask task) {
    Object value = task.getVariable("successor");
    String successor = value == null ? "" : value.toString().trim();
    OrgChart chart = charts.current();
    if (chart.person(successor).isEmpty()) {
      throw new BadUserRequestException("「後任者（職員ID）」の「" + successor + "」は現在の組織図にいません（第20条第2項）");
    }
    Object parties = task.getVariable("parties");
    List<String> listed = parties == null ? List.of() : Arrays.stream(parties.toString().split("[,、\\s]+"))
        .map(String::trim).toList();
    if (listed.contains(successor)) {
      throw new BadUserRequestException("第16条: 「後任者（職員ID）」の" + chart.person(successor).get().name()
          + "はこの委託の候補業者と利害関係のある職員として記録されているため、後任者にできません");
    }
  }
}
