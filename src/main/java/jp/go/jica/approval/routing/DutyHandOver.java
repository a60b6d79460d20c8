package jp.go.jica.approval.routing;

import java.util.List;
import jp.go.jica.approval.notification.MailTemplate;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Hands a named duty (a service's cloud-manager, a contract's owner) to the successor a responsible iso
 * named after its holder left or moved (Art. 20-2): the open duty tasks the predecessor held in the case
 * move to the successor, past anyone in conflict on the case, recorded and mailed like any re-routing.
 */
@Service
public class DutyHandOver {

  static final String REASON_CODE = "SUCCESSOR";

  private static final Logger log = LoggerFactory.getLogger(DutyHandOver.class);

  private final ProcessEngine engine;
  private final ApprovalRouter router;
  private final RoutingService routing;
  private final ApprovalCaseRepository cases;
  private final OrgChartService charts;

  DutyHandOver(ProcessEngine engine, ApprovalRouter router, RoutingService routing, ApprovalCaseRepository cases,
      OrgChartService charts) {
    this.engine = engine;
    this.router = router;
    this.routing = routing;
    this.cases = cases;
    this.charts = charts;
  }

  /**
   * Moves every open duty or certifying task of the case that {@code fromPerson} holds to {@code toPerson};
   * runs in the caller's engine command (a delegate or listener) or in one of its own.
   *
   * @param reason why, in Japanese, e.g. the iso's designation; recorded with the move
   * @return how many tasks moved
   */
  public int handOver(String processInstanceId, String fromPerson, String toPerson, String reason) {
    if (charts.current().person(toPerson).isEmpty()) {
      throw new RoutingException("後任「" + toPerson + "」は組織図にいません");
    }
    CommandContext current = Context.getCommandContext();
    if (current != null) {
      return move(current, processInstanceId, fromPerson, toPerson, reason);
    }
    return ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired()
        .execute(context -> move(context, processInstanceId, fromPerson, toPerson, reason));
  }

  private int move(CommandContext context, String processInstanceId, String fromPerson, String toPerson,
      String reason) {
    List<TaskEntity> held = context.getTaskManager().findTasksByProcessInstanceId(processInstanceId).stream()
        .filter(task -> fromPerson.equals(task.getAssignee()))
        .filter(task -> CaseSide.of(task) == CaseSide.DUTY || CaseSide.of(task) == CaseSide.CERTIFIES)
        .toList();
    for (TaskEntity task : held) {
      String text = RoutingService.ARTICLE_20_2 + ": 後任 " + name(toPerson) + "（前任: " + name(fromPerson) + "）。"
          + reason;
      RoutingDecision named = new RoutingDecision(task.getTaskDefinitionKey(), RoutingService.DUTY_HOLDER, toPerson,
          toPerson, REASON_CODE, text, RoutingService.ARTICLE_20_2, List.of());
      RoutingDecision decision = cases.findCase(processInstanceId).isEmpty() ? named
          : routing.routeHolder(toPerson, router.requestFor(task)).map(climb -> new RoutingDecision(climb.step(),
              RoutingService.DUTY_HOLDER, toPerson, climb.assignee(), climb.reasonCode(), text + " " + climb.reason(),
              climb.article(), climb.skipped())).orElse(named);
      router.record(task, decision);
      ApprovalRouter.grantTaskToAssignee(task.getId(), decision.assignee());
      // The platform's move, made in the name of whoever named the successor: their rights do not reach this task.
      context.runWithoutAuthorization(() -> {
        PlatformOperation.run(() -> {
          engine.getTaskService().setAssignee(task.getId(), decision.assignee());
          return null;
        });
        engine.getAuthorizationService().createAuthorizationQuery().userIdIn(fromPerson)
            .resourceType(Resources.TASK).resourceId(task.getId()).list()
            .forEach(grant -> engine.getAuthorizationService().deleteAuthorization(grant.getId()));
        return null;
      });
      router.notifyAssignee(task, decision, MailTemplate.TASK_REROUTED);
      router.notifyPrevious(task, decision, fromPerson);
      log.info("Duty task {} ({}) of case {} handed over from {} to {}", task.getId(), task.getTaskDefinitionKey(),
          processInstanceId, fromPerson, decision.assignee());
    }
    return held.size();
  }

  private String name(String personId) {
    return charts.current().person(personId).map(Person::name).map(n -> n + "（" + personId + "）").orElse(personId);
  }
}
