package jp.go.jica.approval.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import jp.go.jica.approval.organization.Absences;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import jp.go.jica.approval.organization.Role;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The one routing component of every approval step: the {@code approval-routing} DMN table names
 * the designated role, the org chart names its holder for the applicant's unit, and Art. 16-2 moves
 * the step up the superior chain past anyone in conflict: the applicant, whoever acted on the
 * applicant's side of the case, recorded parties and declared conflicts. Steps whose holder the BPMN
 * names, and the recipients of escalations, climb the same chain. A candidate who is absent (代理承認) is
 * replaced by their deputy when the deputy is free of conflict and not absent too, else counts as unavailable
 * and the climb goes on from them; a deputy's deputy is never followed.
 */
@Service
public class RoutingService {

  /** The decision table an administrator edits to change who approves what. */
  public static final String DECISION_KEY = "approval-routing";
  /**
   * The process property naming another decision table for the process's steps, so a process that is no
   * part of the regulation (the tests' sample) keeps its rules out of the agency's table.
   */
  static final String DECISION_PROPERTY = "routingDecision";
  static final String ARTICLE_16_2 = "第16条第2項";
  static final String ARTICLE_20_2 = "第20条第2項";
  /** The reason code of a step the deputy of an absent holder takes. */
  static final String DEPUTY = "DEPUTY";
  /** The reason code of a step that climbed past an absent holder whose deputy could not take it. */
  static final String ABSENT = "ABSENT";
  /** The designated "role" of a step whose holder the BPMN names by an expression rather than by the DMN. */
  static final String DUTY_HOLDER = "task-holder";

  private static final Logger log = LoggerFactory.getLogger(RoutingService.class);

  private final OrgChartService charts;
  private final DecisionService decisionService;
  private final ApprovalCaseRepository cases;
  private final RepositoryService repositoryService;
  private final Absences absences;
  private final ConcurrentMap<String, String> decisionKeys = new ConcurrentHashMap<>();

  RoutingService(OrgChartService charts, DecisionService decisionService, ApprovalCaseRepository cases,
      RepositoryService repositoryService, Absences absences) {
    this.absences = absences;
    this.charts = charts;
    this.decisionService = decisionService;
    this.cases = cases;
    this.repositoryService = repositoryService;
  }

  /** The routing in force for the last task of {@code step} in the case, for ledgers and reports. */
  public Optional<RoutingDecision> lastRouting(String processInstanceId, String step) {
    return cases.lastDecision(processInstanceId, step);
  }

  /** Routes a step by the DMN rule for its request type and step. */
  public RoutingDecision route(RoutingRequest request) {
    DmnDecisionResult result = evaluate(request);
    if (result.isEmpty()) {
      throw new RoutingException("ルーティング規則がありません（申請種別 " + request.requestType()
          + "、手順 " + request.step() + "）。approval-routing.dmn に規則を追加してください");
    }
    Map<String, Object> first = result.getFirstResult().getEntryMap();
    String roleKey = (String) first.get("role");
    Role role = Role.ofKey(roleKey).orElseThrow(() -> new RoutingException(
        "approval-routing.dmn の役割 '" + roleKey + "' は組織図の役割ではありません"));
    return routeToRole(role, (String) first.get("article"), request);
  }

  /** Routes a step to a given role, with the same conflict escalation. */
  public RoutingDecision routeToRole(Role role, String article, RoutingRequest request) {
    OrgChart chart = charts.current();
    String applicant = request.applicant();
    if (chart.person(applicant).isEmpty()) {
      throw new RoutingException("申請者 '" + applicant + "' は組織図にいません");
    }
    String unit = chart.sectionOf(applicant).id();
    String designated = chart.holderOf(role, unit).orElseThrow(() -> new RoutingException(
        role.japaneseName() + "の担当者が " + chart.sectionOf(applicant).name() + " について組織図にいません"));

    Function<String, Optional<Conflict>> conflicts = person -> conflictOf(person, request, true);
    Climb climb = climb(chart, designated, conflicts.apply(designated), conflicts, deputyConflicts(request, true));
    if (climb.skipped().isEmpty() && climb.standIn().isEmpty()) {
      return new RoutingDecision(request.step(), role.key(), designated, designated, "DESIGNATED",
          "指定の許可権限者: " + role.japaneseName() + "（" + name(chart, designated) + "）",
          article == null ? "" : article, List.of());
    }
    String reason = climb.describe(chart) + "（指定: " + role.japaneseName() + "）";
    return new RoutingDecision(request.step(), role.key(), designated, climb.assignee(), climb.reasonCode(), reason,
        climb.article(article), climb.skipped());
  }

  /**
   * A step whose holder the BPMN names (an expression, not the DMN): when that holder is in conflict
   * on the case, the decision that moves the step up the superior chain; empty when the holder may keep it.
   */
  Optional<RoutingDecision> routeHolder(String holder, RoutingRequest request) {
    OrgChart chart = charts.current();
    Function<String, Optional<Conflict>> conflicts = person -> conflictOf(person, request, false);
    return moved(chart, holder, request.step(), conflicts, deputyConflicts(request, false));
  }

  /**
   * A step of a role's own duty, which its holder does whatever their part in the case: when the holder is
   * absent, the deputy (or, if the deputy cannot take it, the holder's superior) takes it, and neither may be in
   * conflict on the case ({@code request}, null for a case nobody applied for); empty when the holder is in.
   */
  Optional<RoutingDecision> routeAbsentHolder(String holder, String step, RoutingRequest request) {
    Function<String, Optional<Conflict>> conflicts = person -> person.equals(holder) || request == null
        ? Optional.empty() : conflictOf(person, request, false);
    return moved(charts.current(), holder, step, conflicts,
        request == null ? conflicts : deputyConflicts(request, false));
  }

  /**
   * Art. 16 for a deputy: never their own request, nor one where they acted on the applicant's side or are a
   * party, even on a step of the applicant's side, which a designated holder may do for their own request.
   */
  private static Function<String, Optional<Conflict>> deputyConflicts(RoutingRequest r, boolean approval) {
    RoutingRequest checked = r.checksApplicantSide() ? r : new RoutingRequest(r.requestType(), r.step(), r.applicant(),
        r.confidentiality(), r.integrity(), r.availability(), r.scope(), r.dataOutsideJapan(), r.parties(),
        r.declaredConflicts(), r.applicantSide(), true);
    return person -> conflictOf(person, checked, approval);
  }

  /**
   * A step moved on purpose (an overdue escalation, an administrator's reassignment) whose holder is now absent:
   * their deputy holds it meanwhile, or it climbs from them, with the same checks; empty when the holder is in.
   */
  Optional<RoutingDecision> standIn(RoutingDecision current, RoutingRequest request) {
    boolean approval = !DUTY_HOLDER.equals(current.designatedRole());
    Function<String, Optional<Conflict>> conflicts = person -> conflictOf(person, request, approval);
    return moved(charts.current(), current.assignee(), current.step(), conflicts, deputyConflicts(request, approval))
        .map(d -> new RoutingDecision(d.step(), current.designatedRole(), current.designatedPerson(), d.assignee(),
            d.reasonCode(), d.reason(), current.article(), d.skipped()));
  }

  private Optional<RoutingDecision> moved(OrgChart chart, String holder, String step,
      Function<String, Optional<Conflict>> conflicts, Function<String, Optional<Conflict>> deputyConflicts) {
    Optional<Conflict> conflict = conflicts.apply(holder);
    if (conflict.isEmpty() && !absences.activeNow().containsKey(holder)) {
      return Optional.empty();
    }
    Climb climb = climb(chart, holder, conflict, conflicts, deputyConflicts);
    return Optional.of(new RoutingDecision(step, DUTY_HOLDER, holder, climb.assignee(), climb.reasonCode(),
        climb.describe(chart), climb.article(""), climb.skipped()));
  }

  /**
   * Moves a step whose assignee let it run overdue to that assignee's superior, passing over
   * anyone in conflict exactly as routing does.
   */
  public RoutingDecision escalateOverdue(RoutingDecision current, RoutingRequest request) {
    OrgChart chart = charts.current();
    Function<String, Optional<Conflict>> conflicts = person -> conflictOf(person, request, true);
    // Absences aside: the escalation is a deliberate move to whom it belongs; an absent one's deputy holds it
    // on top of it (standIn), so that it returns to them, not to who let it lapse.
    Climb climb = climb(chart, current.assignee(), Optional.of(new Conflict("OVERDUE", "審査期限超過")),
        conflicts, conflicts, Map.of());
    return new RoutingDecision(current.step(), current.designatedRole(), current.designatedPerson(), climb.assignee(),
        "OVERDUE", "審査期限超過: " + climb.path(chart), current.article(), climb.skipped());
  }

  /**
   * Whom to tell that {@code concerned} let something run late (an overdue report, an unanswered
   * confirmation, a late return): {@code intended}, the role the process names, unless that is the person
   * concerned or someone in conflict on the case (the applicant, whoever acted on the applicant's side,
   * recorded parties, declared conflicts); then that person's superior, past conflicts (Art. 16-2).
   */
  public String escalationRecipient(DelegateExecution execution, String intended, String concerned) {
    String processInstanceId = execution.getProcessInstanceId();
    String applicant = cases.findCase(processInstanceId).map(c -> (String) c.get("applicant_id"))
        .orElse((String) execution.getVariable("applicant"));
    RoutingRequest request = new RoutingRequest(((ExecutionEntity) execution).getProcessDefinition().getKey(),
        execution.getCurrentActivityId(), applicant, 1, 1, 1, "department", false,
        ApprovalRouter.parties(execution.getVariable("parties")), cases.declaredConflicts(processInstanceId),
        cases.applicantSide(processInstanceId), true);
    Function<String, Optional<Conflict>> conflicts = person -> person.equals(concerned)
        ? Optional.of(new Conflict("CONCERNED", "通知の対象となる本人"))
        : conflictOf(person, request, false);
    Optional<Conflict> conflict = conflicts.apply(intended);
    if (conflict.isEmpty() && !absences.activeNow().containsKey(intended)) {
      return intended;
    }
    OrgChart chart = charts.current();
    Climb climb = climb(chart, intended, conflict, conflicts);
    log.info("Escalation in case {} about {} goes to {} instead of {}: {}", processInstanceId, concerned,
        climb.assignee(), intended, climb.path(chart));
    return climb.assignee();
  }

  /**
   * Moves a step away from its holder as if they were unavailable (an administrator's reassignment): up the
   * superior chain past anyone in conflict, exactly as routing does. {@code reason} opens the recorded reason.
   */
  RoutingDecision climbAwayFrom(RoutingDecision current, RoutingRequest request, String reasonCode, String reason) {
    OrgChart chart = charts.current();
    boolean approval = !DUTY_HOLDER.equals(current.designatedRole());
    Climb climb = climb(chart, current.assignee(), Optional.of(new Conflict(reasonCode, "管理者による担当変更")),
        person -> conflictOf(person, request, approval));
    return new RoutingDecision(current.step(), current.designatedRole(), current.designatedPerson(), climb.assignee(),
        reasonCode, reason + climb.path(chart), current.article(), climb.skipped());
  }

  /**
   * Walks up from {@code start} while the candidate is in conflict or absent; at the top, the alternates. An
   * absent candidate's deputy takes the step when the chart has them, they are not absent themselves, not
   * passed over already and free of conflict; a deputy's own deputy is not followed.
   */
  private Climb climb(OrgChart chart, String start, Optional<Conflict> startConflict,
      Function<String, Optional<Conflict>> conflicts) {
    return climb(chart, start, startConflict, conflicts, conflicts, absences.activeNow());
  }

  private Climb climb(OrgChart chart, String start, Optional<Conflict> startConflict,
      Function<String, Optional<Conflict>> conflicts, Function<String, Optional<Conflict>> deputyConflicts) {
    return climb(chart, start, startConflict, conflicts, deputyConflicts, absences.activeNow());
  }

  /** The climb with {@code absent} as the people away now (none: where the step belongs, absences aside). */
  private static Climb climb(OrgChart chart, String start, Optional<Conflict> startConflict,
      Function<String, Optional<Conflict>> conflicts, Function<String, Optional<Conflict>> deputyConflicts,
      Map<String, Absences.Absence> absent) {
    List<String> skipped = new ArrayList<>();
    List<String> skippedText = new ArrayList<>();
    String candidate = start;
    String firstConflict = startConflict.map(Conflict::code).orElse(null);
    boolean conflictPassed = startConflict.isPresent();
    Optional<Conflict> conflict = startConflict;
    Absences.Absence standIn = null;
    while (true) {
      if (conflict.isEmpty()) {
        Absences.Absence absence = absent.get(candidate);
        if (absence == null) {
          break;
        }
        String deputy = absence.deputy();
        if (chart.person(deputy).isPresent() && !absent.containsKey(deputy) && !skipped.contains(deputy)
            && deputyConflicts.apply(deputy).isEmpty()) {
          standIn = absence;
          break;
        }
        conflict = Optional.of(new Conflict(ABSENT, "不在 " + absence.period() + "、代理者 " + name(chart, deputy)
            + (absent.containsKey(deputy) ? " も不在" : " はこの案件を担当できない")));
        firstConflict = firstConflict == null ? ABSENT : firstConflict;
      } else if (!ABSENT.equals(conflict.get().code())) {
        conflictPassed = true;
      }
      skipped.add(candidate);
      skippedText.add(name(chart, candidate) + "（" + conflict.get().text() + "）");
      Optional<String> superior = chart.superiorOf(candidate);
      if (superior.isEmpty() || skipped.contains(superior.get())) {
        candidate = null;
        break;
      }
      candidate = superior.get();
      conflict = conflicts.apply(candidate);
    }
    if (candidate == null) {
      candidate = chart.topAlternates().stream()
          .filter(alternate -> conflicts.apply(alternate).isEmpty() && !skipped.contains(alternate)
              && !absent.containsKey(alternate))
          .findFirst()
          .orElseThrow(() -> new RoutingException("第16条第2項: 利益相反のない許可権限者が見つかりません（"
              + String.join(" → ", skippedText) + "）。上司も代替者もこの案件に関わっているか不在のため、この手順を割り当てられません。"
              + "組織図の最上位の代替者の設定を管理者に確認してください"));
      skippedText.add("最上位のため代替者");
    }
    return new Climb(standIn == null ? candidate : standIn.deputy(), List.copyOf(skipped), skippedText,
        firstConflict, conflictPassed, Optional.ofNullable(standIn));
  }

  /** Where a climb ended: {@code assignee} takes the step, as deputy when {@code standIn} is the absence covered. */
  private record Climb(String assignee, List<String> skipped, List<String> skippedText,
      String firstReason, boolean conflictPassed, Optional<Absences.Absence> standIn) {

    /** The people passed over and whom the step reached, e.g. 「A（申請者本人） → B へ回付」. */
    String path(OrgChart chart) {
      String to = standIn.map(a -> name(chart, assignee) + "（" + deputyText(chart, a) + "）")
          .orElse(name(chart, assignee));
      return skippedText.isEmpty() ? to + " へ回付" : String.join(" → ", skippedText) + " → " + to + " へ回付";
    }

    /** The recorded reason: Art. 16-2 when a conflict was passed, else the absence, else the deputy alone. */
    String describe(OrgChart chart) {
      if (skipped.isEmpty() && standIn.isPresent()) {
        return deputyText(chart, standIn.get());
      }
      return (conflictPassed ? ARTICLE_16_2 + ": " : "不在: ") + path(chart);
    }

    /** DEPUTY when a deputy took it, else the first reason a candidate was passed over. */
    String reasonCode() {
      return standIn.isPresent() ? DEPUTY : firstReason;
    }

    String article(String designatedArticle) {
      return conflictPassed ? ARTICLE_16_2 : designatedArticle == null ? "" : designatedArticle;
    }
  }

  /** 代理（本来の許可権限者: 氏名、期間）: who the deputy stands in for, and for how long. */
  static String deputyText(OrgChart chart, Absences.Absence absence) {
    return "代理（本来の許可権限者: " + name(chart, absence.person()) + "、" + absence.period() + "）";
  }

  /** Why a person may not take a step, as recorded on the case. */
  record Conflict(String code, String text) {
  }

  private DmnDecisionResult evaluate(RoutingRequest request) {
    Map<String, Object> inputs = Map.of(
        "requestType", request.requestType(),
        "step", request.step(),
        "confidentiality", request.confidentiality(),
        "integrity", request.integrity(),
        "availability", request.availability(),
        "scope", request.scope(),
        "dataOutsideJapan", request.dataOutsideJapan());
    CommandContext commandContext = Context.getCommandContext();
    // Routing is the platform's decision, not the applicant's: it must not depend on whether the
    // applicant may evaluate decisions.
    if (commandContext != null) {
      return commandContext.runWithoutAuthorization(() -> decisionService
          .evaluateDecisionByKey(decisionKey(request.requestType())).variables(inputs).evaluate());
    }
    return decisionService.evaluateDecisionByKey(decisionKey(request.requestType())).variables(inputs).evaluate();
  }

  /** The decision table of the process's latest version: its {@value #DECISION_PROPERTY} property, else the agency's. */
  private String decisionKey(String processKey) {
    ProcessDefinition definition = repositoryService.createProcessDefinitionQuery().processDefinitionKey(processKey)
        .latestVersion().singleResult();
    if (definition == null) {
      return DECISION_KEY;
    }
    // keyed by definition id: a redeployment that changes the property is read afresh
    return decisionKeys.computeIfAbsent(definition.getId(), id -> {
      ExtensionElements extensions = repositoryService.getBpmnModelInstance(id)
          .<Process>getModelElementById(processKey).getExtensionElements();
      if (extensions == null) {
        return DECISION_KEY;
      }
      return extensions.getElementsQuery().filterByType(CamundaProperties.class)
          .list().stream().flatMap(properties -> properties.getCamundaProperties().stream())
          .filter(property -> DECISION_PROPERTY.equals(property.getCamundaName()))
          .map(CamundaProperty::getCamundaValue).filter(value -> value != null && !value.isBlank())
          .findFirst().orElse(DECISION_KEY);
    });
  }

  /**
   * Art. 16 on both sides of the case: the applicant and whoever acted on the applicant's side (unless the
   * step is itself on that side or a role's own duty), recorded parties and declared conflicts.
   *
   * @param approval the step approves (the applicant is "the authorizer" in the reason), rather than certifies or does a duty
   */
  static Optional<Conflict> conflictOf(String person, RoutingRequest request, boolean approval) {
    if (request.checksApplicantSide()) {
      if (person.equals(request.applicant())) {
        return Optional.of(approval ? new Conflict("APPLICANT_IS_AUTHORIZER", "申請者が許可権限者")
            : new Conflict("APPLICANT", "申請者本人"));
      }
      String steps = request.applicantSide().get(person);
      if (steps != null) {
        return Optional.of(new Conflict("APPLICANT_SIDE", "申請側の手順（" + steps + "）を担当"));
      }
    }
    if (request.declaredConflicts().contains(person)) {
      return Optional.of(new Conflict("DECLARED_CONFLICT", "利益相反を申告"));
    }
    if (request.parties().contains(person)) {
      return Optional.of(new Conflict("RECORDED_PARTY", "案件の当事者"));
    }
    return Optional.empty();
  }

  private static String name(OrgChart chart, String personId) {
    return chart.person(personId).map(Person::name).orElse(personId);
  }
}
