package jp.go.jica.approval.routing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.go.jica.approval.notification.MailTemplate;
import jp.go.jica.approval.notification.Notifications;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An administrator's move of a task (approval or duty) away from its holder: routed again by the same
 * Art. 16 rules, recorded with who, why and from whom, the rights moved and both people mailed, in
 * one transaction.
 */
@Service
class TaskReassignment {

  static final String REASON_CODE = "ADMIN_REASSIGNED";
  /** The administrator's own words; the record's reason column holds them with the names around them. */
  static final int MAX_REASON = 500;

  private static final Logger log = LoggerFactory.getLogger(TaskReassignment.class);

  private final ProcessEngine engine;
  private final RoutingService routing;
  private final ApprovalRouter router;
  private final ApprovalCaseRepository cases;
  private final Notifications notifications;
  private final OrgChartService charts;
  private final TransactionTemplate transaction;

  TaskReassignment(ProcessEngine engine, RoutingService routing, ApprovalRouter router, ApprovalCaseRepository cases,
      Notifications notifications, OrgChartService charts, PlatformTransactionManager transactionManager) {
    this.engine = engine;
    this.routing = routing;
    this.router = router;
    this.cases = cases;
    this.notifications = notifications;
    this.charts = charts;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /** A refusal with the status the API answers. */
  static final class Refused extends RuntimeException {
    private final HttpStatus status;

    Refused(HttpStatus status, String message) {
      super(message);
      this.status = status;
    }

    HttpStatus status() {
      return status;
    }
  }

  /** What was done. */
  record Outcome(String taskId, @Nullable String previousAssignee, String assignee, String reasonCode,
      String reason) {
  }

  /**
   * Moves the task: to {@code assignee} when given (checked against the org chart and Art. 16), else up
   * from its holder as routing climbs past a person in conflict.
   */
  Outcome reassign(String taskId, String administrator, String reason, @Nullable String assignee) {
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    return PlatformOperation.run(() -> transaction.execute(status -> configuration.getCommandExecutorTxRequired()
        .execute(context -> move(context, taskId, administrator, reason, assignee))));
  }

  private Outcome move(CommandContext context, String taskId, String administrator, String reason,
      @Nullable String assignee) {
    TaskEntity task = context.getTaskManager().findTaskById(taskId);
    if (task == null) {
      throw new Refused(HttpStatus.NOT_FOUND, "タスク「" + taskId + "」はありません（完了・取消し済みか、ID の誤りです）");
    }
    if (task.getProcessInstanceId() == null) {
      throw new Refused(HttpStatus.CONFLICT, "申請（プロセス）に属さないタスクは担当を変更できません");
    }
    OrgChart chart = charts.current();
    String previous = task.getAssignee();
    RoutingRequest request = requestFor(task);
    // A task routing never touched is a duty step the BPMN gave its holder: from now on it is routed as one.
    RoutingDecision current = cases.currentDecision(taskId).orElseGet(() -> new RoutingDecision(task.getTaskDefinitionKey(),
        RoutingService.DUTY_HOLDER, previous == null ? "" : previous, previous == null ? "" : previous,
        "DESIGNATED", "", "", List.of()));
    String opening = "管理者 " + name(chart, administrator) + " による担当変更（前任: "
        + (previous == null ? "なし" : name(chart, previous)) + "）。理由: " + reason + "。";
    RoutingDecision moved = assignee == null
        ? climb(chart, current, request, previous, opening)
        : designate(chart, current, request, previous, assignee, opening);

    // Recorded first: the guard accepts a routed task's assignee only as the record names it.
    router.record(task, moved);
    ApprovalRouter.grantTaskToAssignee(taskId, moved.assignee());
    engine.getTaskService().setAssignee(taskId, moved.assignee());
    if (previous != null) {
      // The predecessor no longer holds the step: take back the rights on the task (its history stays readable).
      AuthorizationService authorizations = engine.getAuthorizationService();
      authorizations.createAuthorizationQuery().userIdIn(previous).resourceType(Resources.TASK).resourceId(taskId)
          .list().forEach(grant -> authorizations.deleteAuthorization(grant.getId()));
    }
    mail(task, chart, administrator, previous, moved);
    // the typed reason stays in the routing record and the mails, not in the log (no form contents in logs)
    log.info("{} reassigned task {} ({}) of case {} from {} to {}", administrator, taskId,
        task.getTaskDefinitionKey(), task.getProcessInstanceId(), previous, moved.assignee());
    return new Outcome(taskId, previous, moved.assignee(), moved.reasonCode(), moved.reason());
  }

  /** Without a named person: up the superior chain from the holder, past anyone in conflict. */
  private RoutingDecision climb(OrgChart chart, RoutingDecision current, RoutingRequest request,
      @Nullable String previous, String opening) {
    if (previous == null) {
      throw new Refused(HttpStatus.CONFLICT, "このタスクには担当者がいないため、上位者へ回付できません。"
          + "「担当者」（assignee）で新しい担当者を指定してください");
    }
    if (chart.person(previous).isEmpty()) {
      throw new Refused(HttpStatus.CONFLICT, "担当者「" + previous + "」は組織図にいないため、上位者をたどれません。"
          + "「担当者」（assignee）で新しい担当者を指定してください");
    }
    try {
      return routing.climbAwayFrom(current, request, REASON_CODE, opening);
    } catch (RoutingException nobody) {
      throw new Refused(HttpStatus.CONFLICT, nobody.getMessage());
    }
  }

  /** A named person: in the org chart, not the holder already, and free of conflict on the case (Art. 16). */
  private static RoutingDecision designate(OrgChart chart, RoutingDecision current, RoutingRequest request,
      @Nullable String previous, String assignee, String opening) {
    if (chart.person(assignee).isEmpty()) {
      throw new Refused(HttpStatus.BAD_REQUEST, "「担当者」（assignee）の「" + assignee + "」は組織図にいません。"
          + "組織図の職員IDを指定してください");
    }
    if (assignee.equals(previous)) {
      throw new Refused(HttpStatus.CONFLICT, name(chart, assignee) + " は既にこのタスクの担当者です");
    }
    boolean approval = !RoutingService.DUTY_HOLDER.equals(current.designatedRole());
    RoutingService.conflictOf(assignee, request, approval).ifPresent(conflict -> {
      throw new Refused(HttpStatus.CONFLICT, "第16条: " + name(chart, assignee) + " はこの案件で利益相反にあたるため"
          + "（" + conflict.text() + "）担当にできません。別の職員を指定するか、"
          + "「担当者」（assignee）を省いて上位者へ回付してください");
    });
    List<String> skipped = previous == null ? List.of() : List.of(previous);
    return new RoutingDecision(current.step(), current.designatedRole(), current.designatedPerson(), assignee,
        REASON_CODE, opening + name(chart, assignee) + " を指定", current.article(), skipped);
  }

  /** The same conflict input routing uses; a case the platform started itself has no applicant. */
  private RoutingRequest requestFor(TaskEntity task) {
    if (cases.findCase(task.getProcessInstanceId()).isPresent()) {
      return router.requestFor(task);
    }
    return ApprovalRouter.request(task, task.getProcessDefinition().getKey(), task.getTaskDefinitionKey(), "",
        cases.declaredConflicts(task.getProcessInstanceId(), task.getTaskDefinitionKey()));
  }

  private void mail(TaskEntity task, OrgChart chart, String administrator, @Nullable String previous,
      RoutingDecision moved) {
    ExecutionEntity instance = task.getProcessInstance();
    String processName = instance.getProcessDefinition().getName();
    Object applicantName = task.getVariable("applicantName");
    Map<String, String> model = Map.of(
        "processName", processName == null ? instance.getProcessDefinition().getKey() : processName,
        "taskName", task.getName() == null ? task.getTaskDefinitionKey() : task.getName(),
        "applicantName", applicantName == null ? "" : applicantName.toString(),
        "reason", moved.reason(),
        "administratorName", name(chart, administrator),
        "previousName", previous == null ? "なし" : name(chart, previous),
        "assigneeName", name(chart, moved.assignee()),
        "link", notifications.tasklistLink(task.getId()));
    notifications.send(MailTemplate.TASK_REASSIGNED, moved.assignee(), model, task.getProcessInstanceId());
    if (previous != null) {
      notifications.send(MailTemplate.TASK_REASSIGNED_AWAY, previous, model, task.getProcessInstanceId());
    }
  }

  private static String name(OrgChart chart, String personId) {
    return chart.person(personId).map(Person::name).map(n -> n + "（" + personId + "）").orElse(personId);
  }
}
