package jp.go.jica.approval.routing;

import jp.go.jica.approval.notification.ApplicantMails;
import jp.go.jica.approval.notification.MailTemplate;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Service;

/** Moves an overdue approval task up the superior chain; called from a process's timer path. */
@Service
public class ApprovalEscalation {

  private final RoutingService routing;
  private final ApprovalRouter router;
  private final ApprovalCaseRepository cases;
  private final TaskService tasks;
  private final ApplicantMails applicantMails;
  private final DueDates dueDates;

  ApprovalEscalation(RoutingService routing, ApprovalRouter router, ApprovalCaseRepository cases, TaskService tasks,
      ApplicantMails applicantMails, DueDates dueDates) {
    this.applicantMails = applicantMails;
    this.dueDates = dueDates;
    this.routing = routing;
    this.router = router;
    this.cases = cases;
    this.tasks = tasks;
  }

  /**
   * Escalates the open approval task {@code step} of the case to its assignee's superior. Must run
   * inside an engine command (a delegate), whose transaction it joins.
   *
   * @return the new routing decision
   */
  public RoutingDecision escalateOverdue(String processInstanceId, String step) {
    Task open = tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(step).singleResult();
    if (open == null) {
      throw new RoutingException("期限超過の回付先となる承認タスク（" + step + "）がありません");
    }
    TaskEntity task = Context.getCommandContext().getTaskManager().findTaskById(open.getId());
    RoutingDecision current = cases.currentDecision(task.getId())
        .orElseThrow(() -> new RoutingException("タスク " + step + " は承認タスクではありません"));
    RoutingRequest request = router.requestFor(task);
    RoutingDecision overdue = routing.escalateOverdue(current, request);
    // Recorded first: the guard accepts an approval task's assignee only as the routing designated it.
    router.record(task, overdue);
    // The superior away (代理承認): their deputy holds it, recorded on top, and it returns to the superior after.
    RoutingDecision escalated = routing.standIn(overdue, request).orElse(overdue);
    if (escalated != overdue) {
      router.record(task, escalated);
    }
    // Through the service, so the guard and the engine's assignee rights apply as to any reassignment; the
    // routing's own move even when an administrator runs the timer job by hand.
    PlatformOperation.run(() -> {
      tasks.setAssignee(task.getId(), escalated.assignee());
      return null;
    });
    router.notifyAssignee(task, escalated, MailTemplate.TASK_REROUTED);
    dueDates.onEscalation(task);
    applicantMails.approvalEscalated(processInstanceId, task.getName(), escalated.assignee(), escalated.reason());
    return escalated;
  }
}
