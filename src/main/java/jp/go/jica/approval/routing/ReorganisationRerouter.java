package jp.go.jica.approval.routing;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import jp.go.jica.approval.organization.AbsenceChanged;
import jp.go.jica.approval.organization.Absences;
import jp.go.jica.approval.notification.MailTemplate;
import jp.go.jica.approval.organization.OrgChartReloaded;
import jp.go.jica.approval.organization.OrgChartService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After a reorganisation (人事異動, Art. 20-2) re-routes every open routed task by the same rules; a task
 * whose assignee no longer comes out of them moves to the person who now does, and both are mailed. A task
 * moved on purpose (overdue escalation, an administrator's reassignment) stays while its holder is in post.
 * An absence that begins or ends (代理承認) re-routes the same way the absent person's open tasks and those a
 * deputy holds, so that they go to the deputy and come back.
 */
@Component
class ReorganisationRerouter {

  private static final Logger log = LoggerFactory.getLogger(ReorganisationRerouter.class);

  /** Reason codes of moves made on purpose, which a reorganisation keeps while their holder is in post. */
  private static final Set<String> DELIBERATE_MOVES = Set.of("OVERDUE", TaskReassignment.REASON_CODE);

  private final ProcessEngine engine;
  private final ApprovalRouter router;
  private final ApprovalCaseRepository cases;
  private final OrgChartService charts;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final RoutingService routing;

  ReorganisationRerouter(ProcessEngine engine, ApprovalRouter router, ApprovalCaseRepository cases,
      OrgChartService charts, JdbcTemplate jdbc, PlatformTransactionManager transactionManager, RoutingService routing) {
    this.routing = routing;
    this.engine = engine;
    this.router = router;
    this.cases = cases;
    this.charts = charts;
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  @EventListener
  @Order(10)
  void onReload(OrgChartReloaded event) {
    List<String> undecided = jdbc.queryForList(
        "select distinct task_id from apr_routing_decision where decision is null", String.class);
    int moved = 0;
    for (String taskId : undecided) {
      try {
        if (reroute(taskId, event.reloadedBy())) {
          moved++;
        }
      } catch (RuntimeException e) {
        // One unroutable task must not stop the others; the old assignee keeps it meanwhile.
        log.error("Could not re-route approval task {} after the reorganisation: {}", taskId, e.getMessage());
      }
    }
    log.info("Reorganisation by {}: {} open approval task(s) checked, {} re-routed", event.reloadedBy(),
        undecided.size(), moved);
  }

  /**
   * An absence began: the absent person's undecided tasks go to the deputy (or up the chain); it ended: the
   * tasks a deputy held, or that climbed past the absence, are routed afresh, back to the principal.
   */
  @EventListener
  @Order(10)
  void onAbsence(AbsenceChanged event) {
    Absences.Absence absence = event.absence();
    List<String> undecided = jdbc.queryForList("select task_id from apr_routing_decision d where decision is null "
        + "and id = (select max(id) from apr_routing_decision where task_id = d.task_id) "
        + "and (assignee = ? or reason_code in (?, ?))", String.class, absence.person(),
        RoutingService.DEPUTY, RoutingService.ABSENT);
    boolean started = event.kind() == AbsenceChanged.Kind.STARTED;
    BiFunction<String, RoutingDecision, RoutingDecision> recorded = started ? (previous, fresh) -> fresh
        : (previous, fresh) -> new RoutingDecision(fresh.step(), fresh.designatedRole(), fresh.designatedPerson(),
            fresh.assignee(), fresh.reasonCode(), "代理の終了: " + name(absence.person()) + " の不在（"
                + absence.period() + "）が終わり再割当（代理者: " + name(previous) + "）。" + fresh.reason(),
            fresh.article(), fresh.skipped());
    int moved = 0;
    for (String taskId : undecided) {
      try {
        if (reroute(taskId, event.by(), recorded)) {
          moved++;
        }
      } catch (RuntimeException e) {
        log.error("Could not re-route approval task {} when the absence {} {}: {}", taskId, absence.id(),
            event.kind(), e.getMessage());
      }
    }
    log.info("Absence {} of {} {}: {} open task(s) checked, {} re-routed", absence.id(), absence.person(),
        event.kind(), undecided.size(), moved);
  }

  private String name(String personId) {
    return personId == null ? "" : charts.current().person(personId).map(p -> p.name()).orElse(personId);
  }

  /**
   * A step moved on purpose to a holder who then went away, held meanwhile by their deputy (or climbed past them):
   * while the holder is in post and free of conflict it stays theirs, with the deputy while they are still away
   * and back with them once they are not; else empty, and the step is routed afresh.
   */
  private Optional<RoutingDecision> deliberateMoveBeforeDeputy(TaskEntity task) {
    Optional<RoutingDecision> current = cases.currentDecision(task.getId());
    if (current.isEmpty() || !(RoutingService.DEPUTY.equals(current.get().reasonCode())
        || RoutingService.ABSENT.equals(current.get().reasonCode()))) {
      return Optional.empty();
    }
    RoutingRequest request = router.requestFor(task);
    return cases.decisionBeforeAbsences(task.getId()).filter(previous -> DELIBERATE_MOVES.contains(previous.reasonCode()))
        .filter(previous -> charts.current().person(previous.assignee()).isPresent()
            && RoutingService.conflictOf(previous.assignee(), request,
                !RoutingService.DUTY_HOLDER.equals(previous.designatedRole())).isEmpty())
        .map(previous -> routing.standIn(previous, request).orElse(previous));
  }

  /**
   * An overdue escalation or an administrator's reassignment is a deliberate move: a reorganisation keeps it
   * while its holder is still in the org chart and free of conflict on the case, instead of handing the task
   * back to the person who let it lapse or could not act.
   */
  private boolean keepsDeliberateMove(TaskEntity task) {
    Optional<RoutingDecision> current = cases.currentDecision(task.getId());
    if (current.isEmpty() || !DELIBERATE_MOVES.contains(current.get().reasonCode())) {
      return false;
    }
    String holder = current.get().assignee();
    boolean approval = !RoutingService.DUTY_HOLDER.equals(current.get().designatedRole());
    return charts.current().person(holder).isPresent()
        && RoutingService.conflictOf(holder, router.requestFor(task), approval).isEmpty();
  }

  /**
   * Re-routes one task in its own transaction: first the routing record, rights and mail, then the
   * reassignment as any client would make it (guard and engine bookkeeping included).
   */
  boolean reroute(String taskId, String reloadedBy) {
    return reroute(taskId, reloadedBy, (previous, fresh) -> new RoutingDecision(fresh.step(), fresh.designatedRole(),
        fresh.designatedPerson(), fresh.assignee(), "REORGANISED", "第20条第2項: 人事異動により再割当（前任: " + previous
            + "）。" + fresh.reason(), fresh.article(), fresh.skipped()));
  }

  /** Re-routes one task as {@link #reroute(String, String)}; {@code recorded} words the move from the fresh routing. */
  private boolean reroute(String taskId, String reloadedBy,
      BiFunction<String, RoutingDecision, RoutingDecision> recorded) {
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    return Boolean.TRUE.equals(transaction.execute(status -> {
      RoutingDecision fresh = configuration.getCommandExecutorTxRequired().execute(commandContext -> {
        TaskEntity task = commandContext.getTaskManager().findTaskById(taskId);
        if (task == null) {
          return null; // completed or cancelled since
        }
        if (keepsDeliberateMove(task)) {
          // moved on purpose to someone still in post: stays, unless they are away (代理承認)
          return routing.standIn(cases.currentDecision(taskId).orElseThrow(), router.requestFor(task)).orElse(null);
        }
        Optional<RoutingDecision> deliberate = deliberateMoveBeforeDeputy(task);
        if (deliberate.isPresent()) {
          return deliberate.get();
        }
        return router.routingFor(task);
      });
      Task task = engine.getTaskService().createTaskQuery().taskId(taskId).singleResult();
      if (fresh == null || task == null || fresh.assignee().equals(task.getAssignee())) {
        return false;
      }
      String previous = task.getAssignee();
      RoutingDecision moved = recorded.apply(previous, fresh);
      // Recorded first: the guard accepts an approval task's assignee only as the routing designated it.
      configuration.getCommandExecutorTxRequired().execute(commandContext -> {
        TaskEntity entity = commandContext.getTaskManager().findTaskById(taskId);
        router.record(entity, moved);
        ApprovalRouter.grantTaskToAssignee(taskId, moved.assignee());
        router.notifyAssignee(entity, moved, MailTemplate.TASK_REROUTED);
        if (previous != null) {
          router.notifyPrevious(entity, moved, previous);
        }
        return null;
      });
      // The routing's own move, which the task integrity guard refuses to any user's command.
      PlatformOperation.run(() -> {
        engine.getTaskService().setAssignee(taskId, fresh.assignee());
        return null;
      });
      // The predecessor no longer decides this step: take back the rights on the task and on its history.
      for (Resources resource : List.of(Resources.TASK, Resources.HISTORIC_TASK)) {
        engine.getAuthorizationService().createAuthorizationQuery().userIdIn(previous)
            .resourceType(resource).resourceId(taskId).list()
            .forEach(grant -> engine.getAuthorizationService().deleteAuthorization(grant.getId()));
      }
      log.info("Approval task {} re-routed from {} to {} ({}) by {}", taskId, previous, fresh.assignee(),
          moved.reasonCode(), reloadedBy);
      return true;
    }));
  }
}
