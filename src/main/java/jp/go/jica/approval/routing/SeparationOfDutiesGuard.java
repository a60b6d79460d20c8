package jp.go.jica.approval.routing;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import jp.go.jica.approval.organization.Absences;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.springframework.stereotype.Component;

/**
 * Art. 16 in the engine itself, whatever the client (Tasklist, REST, Java API): registered on every
 * process and user task by {@link RoutingEnginePlugin} as built-in listeners, which BPMN cannot remove
 * and {@code skipCustomListeners} does not skip. Which side of the case a task is on comes from its
 * BPMN ({@link CaseSide}).
 */
@Component
class SeparationOfDutiesGuard {

  static final String APPLICANT = "applicant";
  static final String APPLICANT_NAME = "applicantName";
  static final String DECISION = "decision";
  static final String COMMENT = "decisionComment";
  static final String DECIDED_BY = "decidedBy";
  /**
   * 「（代理: 本来の許可権限者 氏名）」 when a deputy took the last decision, else empty: registers and mails print it
   * after the decider's name.
   */
  static final String DECIDED_AS_DEPUTY = "decidedAsDeputy";
  private static final Set<String> DECISIONS = Set.of("approve", "reject", "sendBack", "conflict");
  private static final Set<String> ROUTING_NAMES = Set.of("assignee", "authorizer", "approver");

  private final ApprovalCaseRepository cases;
  private final OrgChartService charts;
  private final Absences absences;

  SeparationOfDutiesGuard(ApprovalCaseRepository cases, OrgChartService charts, Absences absences) {
    this.absences = absences;
    this.cases = cases;
    this.charts = charts;
  }

  /**
   * Process start: the applicant is whoever is authenticated, never a variable the client sends;
   * routing variables cannot be sent at all.
   */
  void onProcessStart(DelegateExecution execution) {
    CommandContext commandContext = Context.getCommandContext();
    String user = commandContext.getAuthenticatedUserId();
    refuseRoutingVariables(execution.getVariableNamesLocal(), "申請時");
    String applicant;
    if (user != null) {
      for (String name : new String[] {APPLICANT, APPLICANT_NAME}) {
        if (execution.hasVariableLocal(name)) {
          throw new AuthorizationException("変数「" + name + "」は申請時に指定できません。申請者はログイン中の利用者です（第16条）");
        }
      }
      applicant = user;
    } else {
      // Started by the platform itself (a timer, a test through the Java API): trusted input.
      Object given = execution.getVariableLocal(APPLICANT);
      if (given == null) {
        return;
      }
      applicant = given.toString();
    }
    Person person = charts.current().person(applicant).orElseThrow(() -> new AuthorizationException(
        "利用者「" + applicant + "」は組織図に登録されていないため申請できません"));
    execution.setVariableLocal(APPLICANT, applicant);
    execution.setVariableLocal(APPLICANT_NAME, person.name());
    cases.insertCase(execution.getProcessInstanceId(), ((ExecutionEntity) execution).getProcessDefinition().getKey(),
        applicant, person.name(), person.sectionId());
    grantApplicantRead(commandContext, applicant, execution.getProcessInstanceId());
  }

  /**
   * Assignment (set, claim, delegate) of a task. A routed task goes only to the person the routing
   * designated, and never to the applicant: moving it elsewhere is the routing's job (a declared conflict,
   * an escalation, a reorganisation), each of which records its decision before it assigns. Any other
   * task not on the applicant's side (a group task being claimed) goes to nobody in conflict on the case.
   */
  void onAssignment(DelegateTask task) {
    String assignee = task.getAssignee();
    if (assignee == null) {
      return;
    }
    Optional<RoutingDecision> routing = cases.currentDecision(task.getId());
    if (routing.isEmpty()) {
      refuseConflicted(task, assignee, "引き受けられません");
      return;
    }
    if (CaseSide.of(task).conflictChecked()) {
      applicantOf(task.getProcessInstanceId()).filter(assignee::equals).ifPresent(a -> {
        throw new AuthorizationException("第16条第1項: 申請者本人（" + person(a) + "）を自分の申請の承認・確認のタスクに割り当てることはできません");
      });
    }
    String routed = routing.get().assignee();
    if (!assignee.equals(routed)) {
      throw new AuthorizationException("このタスクの担当者はルーティングで決まります（担当: " + person(routed) + "）。「"
          + person(assignee) + "」には割り当てられません。担当の変更は利益相反の申告、期限超過の回付または組織図の更新（第20条第2項）で行います");
    }
  }

  /**
   * Completion of any user task: routing variables must be untouched; a routed task is completed by its
   * routed holder alone, never by the applicant (unless the step is the applicant's own), and an approval
   * needs a complete decision. Whoever completes a step on the applicant's side joins that side of the case.
   */
  void onComplete(DelegateTask task) {
    DelegateExecution instance = task.getExecution().getProcessInstance();
    refuseRoutingVariables(instance.getVariableNamesLocal(), "タスク完了時");
    Optional<Map<String, Object>> recorded = cases.findCase(task.getProcessInstanceId());
    recorded.ifPresent(c -> {
      if (!c.get("applicant_id").equals(instance.getVariableLocal(APPLICANT))
          || !c.get("applicant_name").equals(instance.getVariableLocal(APPLICANT_NAME))) {
        throw new AuthorizationException("変数「applicant」「applicantName」は変更できません（第16条）");
      }
    });
    CaseSide side = CaseSide.of(task);
    String user = Context.getCommandContext().getAuthenticatedUserId();
    String completer = user != null ? user : task.getAssignee();
    Optional<RoutingDecision> routing = cases.currentDecision(task.getId());
    if (routing.isEmpty()) {
      // The holder passed the check when the task was created or claimed; someone else completing it did not.
      if (completer != null && !completer.equals(task.getAssignee())) {
        refuseConflicted(task, completer, "完了できません");
      }
      joinApplicantSide(task, side, completer);
      return;
    }
    String applicant = recorded.map(c -> (String) c.get("applicant_id")).orElse(null);
    if (side.conflictChecked() && applicant != null && (applicant.equals(user) || applicant.equals(task.getAssignee()))) {
      throw new AuthorizationException("第16条第1項: 申請者本人（" + person(applicant) + "）は自分の申請を承認・判断・確認できません");
    }
    // The routing's designation decides, not whatever the task's assignee field was set to.
    String routed = routing.get().assignee();
    if (!routed.equals(task.getAssignee()) || user != null && !user.equals(routed)) {
      throw new AuthorizationException("このタスクを完了できるのはルーティングで決まった担当者（" + person(routed)
          + "）だけです。利用者「" + person(user == null ? task.getAssignee() : user) + "」は完了できません");
    }
    if (!cases.currentKind(task.getId()).orElse(ApprovalCaseRepository.APPROVAL).equals(ApprovalCaseRepository.APPROVAL)) {
      // A duty step moved past a conflict: its holder completes it; there is no decision to take.
      cases.recordOutcome(task.getId(), "completed", routed, "");
      joinApplicantSide(task, side, routed);
      return;
    }
    Object decision = task.getVariable(DECISION);
    if (!(decision instanceof String d) || !DECISIONS.contains(d)) {
      throw new BadUserRequestException("「判断」を選択してください（承認・却下・差戻し・利益相反の申告のいずれか）");
    }
    Object comment = task.getVariable(COMMENT);
    String commentText = comment == null ? "" : comment.toString().trim();
    if (!d.equals("approve") && commentText.isEmpty()) {
      throw new BadUserRequestException("「コメント」を入力してください。却下・差戻し・利益相反の申告では理由が必要です");
    }
    String decider = routed;
    cases.recordOutcome(task.getId(), d, decider, commentText);
    if (d.equals("conflict")) {
      cases.insertDeclaredConflict(task.getProcessInstanceId(), task.getTaskDefinitionKey(), decider, commentText);
    } else {
      joinApplicantSide(task, side, decider);
    }
    instance.setVariableLocal(DECIDED_BY, decider);
    instance.setVariableLocal(DECIDED_AS_DEPUTY, RoutingService.DEPUTY.equals(routing.get().reasonCode())
        ? deputyNote(routing.get()) : "");
  }

  /** Whom the deciding deputy stands in for: the absent designated holder, else the absent person they cover. */
  private String deputyNote(RoutingDecision routing) {
    String deputy = routing.assignee();
    String principal = absences.activeNow().values().stream().filter(a -> a.deputy().equals(deputy))
        .map(Absences.Absence::person)
        .sorted((a, b) -> Boolean.compare(!a.equals(routing.designatedPerson()), !b.equals(routing.designatedPerson())))
        .findFirst().orElse(routing.designatedPerson());
    return "（代理: 本来の許可権限者 " + charts.current().person(principal).map(Person::name).orElse(principal) + "）";
  }

  /**
   * Art. 16 for a task routing did not assign (a group task claimed, or completed without a claim): nobody
   * in conflict on the case (the applicant, whoever acted on its applicant's side, recorded parties, declared
   * conflicts) takes a step that is not on the applicant's side.
   */
  private void refuseConflicted(DelegateTask task, String person, String refused) {
    if (!CaseSide.of(task).conflictChecked()) {
      return;
    }
    Optional<String> applicant = applicantOf(task.getProcessInstanceId());
    if (applicant.isEmpty()) {
      return;
    }
    String processKey = ((ExecutionEntity) task.getExecution()).getProcessDefinition().getKey();
    RoutingRequest request = ApprovalRouter.withApplicantSide(ApprovalRouter.request(task, processKey,
        task.getTaskDefinitionKey(), applicant.get(),
        cases.declaredConflicts(task.getProcessInstanceId(), task.getTaskDefinitionKey())),
        cases.applicantSide(task.getProcessInstanceId()));
    RoutingService.conflictOf(person, request, false).ifPresent(conflict -> {
      throw new AuthorizationException("第16条: " + person(person) + "はこの案件で「" + conflict.text() + "」のため、「"
          + (task.getName() == null ? task.getTaskDefinitionKey() : task.getName()) + "」を" + refused
          + "。利益相反のない人が行います");
    });
  }

  /** Whoever completes a step on the applicant's side is, from now on, in conflict with the case's decisions. */
  private void joinApplicantSide(DelegateTask task, CaseSide side, String person) {
    if (side == CaseSide.APPLICANT && person != null && applicantOf(task.getProcessInstanceId()).isPresent()) {
      cases.insertActor(task.getProcessInstanceId(), task.getId(), task.getTaskDefinitionKey(), task.getName(), person);
    }
  }

  private String person(String id) {
    return charts.current().person(id).map(p -> p.name() + "（" + id + "）").orElse(id);
  }

  private Optional<String> applicantOf(String processInstanceId) {
    return cases.findCase(processInstanceId).map(c -> (String) c.get("applicant_id"));
  }

  private static void refuseRoutingVariables(Set<String> names, String when) {
    for (String name : names) {
      if (name.startsWith("routing") || ROUTING_NAMES.contains(name)) {
        throw new AuthorizationException("変数「" + name + "」はルーティング用のため、" + when
            + "に設定・変更できません（第16条）");
      }
    }
  }

  /** Employees see their own requests, and no one else's (Art. 128-129 least privilege). */
  private static void grantApplicantRead(CommandContext commandContext, String applicant, String processInstanceId) {
    AuthorizationService authorizations = Context.getProcessEngineConfiguration().getAuthorizationService();
    commandContext.runWithoutAuthorization(() -> {
      Map<Resources, Permission> reads = Map.of(Resources.PROCESS_INSTANCE, Permissions.READ,
          Resources.HISTORIC_PROCESS_INSTANCE, HistoricProcessInstancePermissions.READ);
      reads.forEach((resource, permission) -> {
        Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        grant.setUserId(applicant);
        grant.setResource(resource);
        grant.setResourceId(processInstanceId);
        grant.addPermission(permission);
        authorizations.saveAuthorization(grant);
      });
      return null;
    });
  }
}
