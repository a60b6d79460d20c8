package jp.go.jica.approval.routing;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.go.jica.approval.notification.MailTemplate;
import jp.go.jica.approval.notification.Notifications;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Role;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.springframework.stereotype.Component;

/**
 * Task listener ({@code create}) of every approval task: routes the step and assigns it. BPMN wires
 * it as {@code camunda:delegateExpression="${approvalRouter}"}. Also moves any other task whose holder
 * is in conflict on the case ({@link #climbPastConflicts}, registered by {@link RoutingEnginePlugin}).
 */
@Component("approvalRouter")
class ApprovalRouter implements TaskListener {

  /** Task-local variables that show the routing in the task form (never process variables). */
  static final String DESIGNATED_ROLE = "routingDesignatedRole";
  static final String DESIGNATED_PERSON = "routingDesignatedPerson";
  static final String ASSIGNEE = "routingAssignee";
  static final String REASON = "routingReason";
  static final String ARTICLE = "routingArticle";

  private final RoutingService routing;
  private final ApprovalCaseRepository cases;
  private final Notifications notifications;
  private final OrgChartService charts;

  ApprovalRouter(RoutingService routing, ApprovalCaseRepository cases, Notifications notifications,
      OrgChartService charts) {
    this.routing = routing;
    this.cases = cases;
    this.notifications = notifications;
    this.charts = charts;
  }

  @Override
  public void notify(DelegateTask task) {
    RoutingDecision decision = routingFor(task);
    record(task, decision);
    grantTaskToAssignee(task.getId(), decision.assignee());
    task.setAssignee(decision.assignee());
    // A stale decision from an earlier step must never decide this one.
    task.getExecution().getProcessInstance().removeVariable(SeparationOfDutiesGuard.DECISION);
    task.getExecution().getProcessInstance().removeVariable(SeparationOfDutiesGuard.COMMENT);
    notifyAssignee(task, decision, MailTemplate.TASK_ASSIGNED);
  }

  /**
   * Routes the task's step as it stands now: current chart, rule, parties, declared conflicts and who
   * acted on the applicant's side. A duty step once moved past a conflict climbs again from the holder
   * its BPMN named.
   */
  RoutingDecision routingFor(DelegateTask task) {
    RoutingRequest request = requestFor(task);
    if (cases.currentKind(task.getId()).filter(ApprovalCaseRepository.DUTY::equals).isPresent()) {
      Optional<Role> role = DutyRole.of(task);
      if (role.isPresent()) {
        RoutingDecision current = cases.currentDecision(task.getId()).orElseThrow();
        // a deputy or a climb past an absence held it for the role's holder, who is the previous holder still
        boolean absence = RoutingService.DEPUTY.equals(current.reasonCode())
            || RoutingService.ABSENT.equals(current.reasonCode());
        return byRole(task, role.get(), absence ? current.designatedPerson() : current.assignee());
      }
      String holder = cases.currentDecision(task.getId()).orElseThrow().designatedPerson();
      return routing.routeHolder(holder, request).orElseGet(() -> new RoutingDecision(task.getTaskDefinitionKey(),
          RoutingService.DUTY_HOLDER, holder, holder, "DESIGNATED", "手順の担当者: " + personName(holder), "", List.of()));
    }
    return routing.route(request);
  }

  RoutingRequest requestFor(DelegateTask task) {
    String processInstanceId = task.getProcessInstanceId();
    String applicant = cases.findCase(processInstanceId).map(c -> (String) c.get("applicant_id"))
        .orElseThrow(() -> new RoutingException("申請者が記録されていない案件の承認タスクは割り当てられません"));
    String processKey = ((ExecutionEntity) task.getExecution()).getProcessDefinition().getKey();
    RoutingRequest request = request(task, processKey, task.getTaskDefinitionKey(), applicant,
        cases.declaredConflicts(processInstanceId, task.getTaskDefinitionKey()));
    return withApplicantSide(request, CaseSide.of(task).conflictChecked() ? cases.applicantSide(processInstanceId) : null);
  }

  /**
   * Built-in create listener of every user task, after the BPMN's own: a task whose holder the BPMN
   * names (an expression) and who is in conflict on the case moves up the superior chain, recorded as
   * a routing decision so that the guard accepts only the new holder. Steps on the applicant's side, a
   * role's own duties, steps the DMN routes and group tasks (checked when claimed) stay as they are.
   */
  void climbPastConflicts(DelegateTask task) {
    Optional<Role> role = DutyRole.of(task);
    if (role.isPresent() && cases.currentDecision(task.getId()).isEmpty()) {
      assignByRole(task, role.get());
      return;
    }
    String holder = task.getAssignee();
    if (holder == null || !CaseSide.of(task).conflictChecked() || cases.currentDecision(task.getId()).isPresent()
        || cases.findCase(task.getProcessInstanceId()).isEmpty()) {
      return;
    }
    routing.routeHolder(holder, requestFor(task)).ifPresent(decision -> {
      record(task, decision);
      revokeTaskGrants(task.getId(), holder);
      grantTaskToAssignee(task.getId(), decision.assignee());
      task.setAssignee(decision.assignee());
      notifyAssignee(task, decision, MailTemplate.TASK_ASSIGNED);
    });
  }

  /**
   * A duty step the BPMN gives to a role ({@link DutyRole}): its holder is the role's holder now, not the
   * person the case's variables named when it started, moved up past a conflict on the case like any
   * holder; recorded so that every reorganisation resolves it again (Art. 20-2).
   */
  private void assignByRole(DelegateTask task, Role role) {
    String named = task.getAssignee();
    RoutingDecision decision = byRole(task, role, named);
    record(task, decision);
    if (decision.assignee().equals(named)) {
      return; // the engine granted the named holder their rights when the BPMN assigned the task
    }
    if (named != null) {
      revokeTaskGrants(task.getId(), named);
    }
    grantTaskToAssignee(task.getId(), decision.assignee());
    task.setAssignee(decision.assignee());
    notifyAssignee(task, decision, MailTemplate.TASK_ASSIGNED);
  }

  /** The role's holder for the case on the current chart, past anyone in conflict; {@code previous} names who had it. */
  RoutingDecision byRole(DelegateTask task, Role role, String previous) {
    String applicant = cases.findCase(task.getProcessInstanceId()).map(c -> (String) c.get("applicant_id")).orElse(null);
    // An applicant who left has no section on the chart: the holder in post keeps the step.
    String holder = DutyRole.holder(charts.current(), role, applicant)
        .or(() -> Optional.ofNullable(previous).filter(p -> charts.current().person(p).isPresent()))
        .orElseThrow(() -> new RoutingException(
            role.japaneseName() + "が組織図にいないため、手順「" + task.getName() + "」の担当者を決められません"));
    boolean changed = previous != null && !previous.equals(holder);
    String reason = changed
        ? RoutingService.ARTICLE_20_2 + ": " + role.japaneseName() + "の現在の担当者 " + personName(holder)
            + "（前の担当者: " + personName(previous) + "）"
        : "手順の担当: " + role.japaneseName() + "（" + personName(holder) + "）";
    RoutingDecision decision = new RoutingDecision(task.getTaskDefinitionKey(), role.key(), holder, holder,
        changed ? "DUTY_ROLE_HOLDER_CHANGED" : "DUTY_ROLE", reason, changed ? RoutingService.ARTICLE_20_2 : "", List.of());
    if (applicant == null || !CaseSide.of(task).conflictChecked()) {
      // a role's own duty: an absent holder's deputy does it, and the deputy is still kept off their own case
      RoutingRequest request = applicant == null ? null
          : withApplicantSide(requestFor(task), cases.applicantSide(task.getProcessInstanceId()));
      return routing.routeAbsentHolder(holder, task.getTaskDefinitionKey(), request).map(standIn -> new RoutingDecision(
          standIn.step(), role.key(), holder, standIn.assignee(), standIn.reasonCode(),
          standIn.reason() + "（" + role.japaneseName() + "）", standIn.article(), standIn.skipped())).orElse(decision);
    }
    return routing.routeHolder(holder, requestFor(task)).map(climb -> new RoutingDecision(climb.step(), role.key(),
        holder, climb.assignee(), climb.reasonCode(), climb.reason() + "（" + role.japaneseName() + "）", climb.article(),
        climb.skipped())).orElse(decision);
  }

  /**
   * Stores the decision on the case and shows it on the task; rights and assignee are the caller's.
   * A re-routing keeps the kind of step the task already is (an approval, or a duty moved past a conflict).
   */
  void record(DelegateTask task, RoutingDecision decision) {
    String kind = RoutingService.DUTY_HOLDER.equals(decision.designatedRole()) || DutyRole.of(task).isPresent()
        ? ApprovalCaseRepository.DUTY
        : cases.currentKind(task.getId()).orElse(ApprovalCaseRepository.APPROVAL);
    cases.insertDecision(task.getProcessInstanceId(), task.getId(), decision, kind);
    String roleName = Role.ofKey(decision.designatedRole()).map(Role::japaneseName).orElse("この手順の担当者");
    task.setVariableLocal(DESIGNATED_ROLE, roleName);
    task.setVariableLocal(DESIGNATED_PERSON, personName(decision.designatedPerson()));
    task.setVariableLocal(ASSIGNEE, personName(decision.assignee()));
    task.setVariableLocal(REASON, decision.reason());
    task.setVariableLocal(ARTICLE, decision.article());
  }

  /**
   * The holder a create listener moved the task away from keeps no right on it. The engine granted those
   * rights in this same command, so they are still only in its entity cache, where a query does not look.
   */
  private static void revokeTaskGrants(String taskId, String user) {
    AuthorizationService authorizations = Context.getProcessEngineConfiguration().getAuthorizationService();
    CommandContext command = Context.getCommandContext();
    command.runWithoutAuthorization(() -> {
      for (Resources resource : List.of(Resources.TASK, Resources.HISTORIC_TASK)) {
        // Loading them puts them in the cache too, so one pass over the cache finds both kinds.
        authorizations.createAuthorizationQuery().userIdIn(user).resourceType(resource).resourceId(taskId).list();
      }
      command.getDbEntityManager().getCachedEntitiesByType(AuthorizationEntity.class).stream()
          .filter(grant -> user.equals(grant.getUserId()) && taskId.equals(grant.getResourceId()))
          .forEach(grant -> command.getAuthorizationManager().delete(grant));
      return null;
    });
  }

  /**
   * The engine grants an assignee nothing when the assignment happens inside a create listener,
   * so the routed person gets the rights deciding needs on this one task: read it and work on it
   * (claim, complete). Not UPDATE, which would let them hand it to anyone or rewrite the case.
   */
  static void grantTaskToAssignee(String taskId, String assignee) {
    AuthorizationService authorizations = Context.getProcessEngineConfiguration().getAuthorizationService();
    Context.getCommandContext().runWithoutAuthorization(() -> {
      ensureGrant(authorizations, assignee, Resources.TASK, taskId, Permissions.READ, Permissions.TASK_WORK);
      ensureGrant(authorizations, assignee, Resources.HISTORIC_TASK, taskId, HistoricTaskPermissions.READ);
      return null;
    });
  }

  private static void ensureGrant(AuthorizationService authorizations, String user, Resources resource,
      String resourceId, Permission... permissions) {
    Authorization grant = authorizations.createAuthorizationQuery().userIdIn(user).resourceType(resource)
        .resourceId(resourceId).singleResult();
    if (grant == null) {
      grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      grant.setUserId(user);
      grant.setResource(resource);
      grant.setResourceId(resourceId);
    }
    for (Permission permission : permissions) {
      grant.addPermission(permission);
    }
    authorizations.saveAuthorization(grant);
  }

  void notifyAssignee(DelegateTask task, RoutingDecision decision, MailTemplate template) {
    Object applicantName = task.getVariable("applicantName");
    notifications.send(template, decision.assignee(), Map.of(
        "processName", processName(task),
        "taskName", task.getName() == null ? task.getTaskDefinitionKey() : task.getName(),
        "applicantName", applicantName == null ? "" : applicantName.toString(),
        "reason", decision.reason(),
        "link", notifications.tasklistLink(task.getId())), task.getProcessInstanceId());
  }

  /** Tells a holder still in post that the step left them (a mover: Art. 20-2), and to whom. */
  void notifyPrevious(DelegateTask task, RoutingDecision decision, String previous) {
    if (charts.current().person(previous).isEmpty()) {
      return; // a leaver: nobody to tell
    }
    Object applicantName = task.getVariable("applicantName");
    notifications.send(MailTemplate.TASK_REROUTED_AWAY, previous, Map.of(
        "processName", processName(task),
        "taskName", task.getName() == null ? task.getTaskDefinitionKey() : task.getName(),
        "applicantName", applicantName == null ? "" : applicantName.toString(),
        "assigneeName", personName(decision.assignee()),
        "reason", decision.reason()), task.getProcessInstanceId());
  }

  private String personName(String id) {
    return charts.current().person(id).map(p -> p.name() + "（" + p.position() + "）").orElse(id);
  }

  private static String processName(DelegateTask task) {
    String name = ((ExecutionEntity) task.getExecution()).getProcessDefinition().getName();
    return name == null ? task.getProcessDefinitionId() : name;
  }

  /** The request with who acted on the applicant's side, or, for a step not checked against that side, without. */
  static RoutingRequest withApplicantSide(RoutingRequest r, Map<String, String> applicantSide) {
    return new RoutingRequest(r.requestType(), r.step(), r.applicant(), r.confidentiality(), r.integrity(),
        r.availability(), r.scope(), r.dataOutsideJapan(), r.parties(), r.declaredConflicts(),
        applicantSide == null ? Map.of() : applicantSide, applicantSide != null);
  }

  /** Builds the routing input from the case variables the request form captured. */
  static RoutingRequest request(VariableScope variables, String processKey, String step, String applicant,
      Set<String> declaredConflicts) {
    return new RoutingRequest(processKey, step, applicant,
        level(variables.getVariable("confidentiality")),
        level(variables.getVariable("integrity")),
        level(variables.getVariable("availability")),
        scope(variables.getVariable("scope")),
        Boolean.TRUE.equals(variables.getVariable("dataOutsideJapan")),
        parties(variables.getVariable("parties")),
        declaredConflicts);
  }

  private static int level(Object value) {
    if (value instanceof Number n) {
      return n.intValue();
    }
    if (value instanceof String s && s.trim().matches("[1-3]")) {
      return Integer.parseInt(s.trim());
    }
    return 1;
  }

  private static String scope(Object value) {
    return value instanceof String s && !s.isBlank() ? s : "department";
  }

  static Set<String> parties(Object value) {
    Set<String> parties = new HashSet<>();
    if (value instanceof String s) {
      Arrays.stream(s.split("[,、\\s]+")).map(String::trim).filter(p -> !p.isEmpty()).forEach(parties::add);
    } else if (value instanceof Collection<?> c) {
      c.forEach(p -> parties.add(String.valueOf(p).trim()));
    }
    return parties;
  }
}
