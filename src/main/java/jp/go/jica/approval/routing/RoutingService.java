package jp.go.jica.approval.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import jp.go.jica.approval.organization.Role;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.engine.DecisionService;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.springframework.stereotype.Service;

/**
 * The one routing component of every approval step: the {@code approval-routing} DMN table names
 * the designated role, the org chart names its holder for the applicant's unit, and Art. 16-2 moves
 * the step up the superior chain past anyone in conflict.
 */
@Service
public class RoutingService {

  /** The decision table an administrator edits to change who approves what. */
  public static final String DECISION_KEY = "approval-routing";
  static final String ARTICLE_16_2 = "第16条第2項";

  private final OrgChartService charts;
  private final DecisionService decisionService;
  private final ApprovalCaseRepository cases;

  RoutingService(OrgChartService charts, DecisionService decisionService, ApprovalCaseRepository cases) {
    this.charts = charts;
    this.decisionService = decisionService;
    this.cases = cases;
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
        role.japaneseName() + "（" + role.key() + "）の担当者が " + chart.sectionOf(applicant).name()
            + " について組織図にいません"));

    Climb climb = climb(chart, designated, conflictOf(designated, request), request);
    if (climb.skipped().isEmpty()) {
      return new RoutingDecision(request.step(), role.key(), designated, designated, "DESIGNATED",
          "指定の許可権限者: " + role.japaneseName() + "（" + name(chart, designated) + "）",
          article == null ? "" : article, List.of());
    }
    String reason = ARTICLE_16_2 + ": " + climb.describe(chart) + "（指定: " + role.japaneseName() + "）";
    return new RoutingDecision(request.step(), role.key(), designated, climb.assignee(), climb.firstReason(), reason,
        ARTICLE_16_2, climb.skipped());
  }

  /**
   * Moves a step whose assignee let it run overdue to that assignee's superior, passing over
   * anyone in conflict exactly as routing does.
   */
  public RoutingDecision escalateOverdue(RoutingDecision current, RoutingRequest request) {
    OrgChart chart = charts.current();
    Climb climb = climb(chart, current.assignee(), Optional.of("OVERDUE"), request);
    return new RoutingDecision(current.step(), current.designatedRole(), current.designatedPerson(), climb.assignee(),
        "OVERDUE", "審査期限超過: " + climb.describe(chart), current.article(), climb.skipped());
  }

  /**
   * Moves a step away from its holder as if they were unavailable (an administrator's reassignment): up the
   * superior chain past anyone in conflict, exactly as routing does. {@code reason} opens the recorded reason.
   */
  RoutingDecision climbAwayFrom(RoutingDecision current, RoutingRequest request, String reasonCode, String reason) {
    OrgChart chart = charts.current();
    Climb climb = climb(chart, current.assignee(), Optional.of(reasonCode), request);
    return new RoutingDecision(current.step(), current.designatedRole(), current.designatedPerson(), climb.assignee(),
        reasonCode, reason + climb.describe(chart), current.article(), climb.skipped());
  }

  /** Walks up from {@code start} while the candidate is in conflict; at the top, the alternates. */
  private Climb climb(OrgChart chart, String start, Optional<String> startConflict, RoutingRequest request) {
    List<String> skipped = new ArrayList<>();
    List<String> skippedText = new ArrayList<>();
    String candidate = start;
    String firstConflict = startConflict.orElse(null);
    Optional<String> conflict = startConflict;
    while (conflict.isPresent()) {
      skipped.add(candidate);
      skippedText.add(name(chart, candidate) + "（" + describe(conflict.get()) + "）");
      Optional<String> superior = chart.superiorOf(candidate);
      if (superior.isEmpty() || skipped.contains(superior.get())) {
        candidate = null;
        break;
      }
      candidate = superior.get();
      conflict = conflictOf(candidate, request);
    }
    if (candidate == null) {
      candidate = chart.topAlternates().stream()
          .filter(alternate -> conflictOf(alternate, request).isEmpty() && !skipped.contains(alternate))
          .findFirst()
          .orElseThrow(() -> new RoutingException("第16条第2項: 利益相反のない許可権限者が見つかりません（"
              + String.join(" → ", skippedText) + "）。organization.top-alternates を確認してください"));
      skippedText.add("最上位のため代替者");
    }
    return new Climb(candidate, List.copyOf(skipped), skippedText, firstConflict);
  }

  private record Climb(String assignee, List<String> skipped, List<String> skippedText, String firstReason) {
    String describe(OrgChart chart) {
      return String.join(" → ", skippedText) + " → " + name(chart, assignee) + " へ回付";
    }
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
      return commandContext.runWithoutAuthorization(() ->
          decisionService.evaluateDecisionByKey(DECISION_KEY).variables(inputs).evaluate());
    }
    return decisionService.evaluateDecisionByKey(DECISION_KEY).variables(inputs).evaluate();
  }

  /** Why {@code person} may not act on the request's case (Art. 16), or empty when they may. */
  static Optional<String> conflictOf(String person, RoutingRequest request) {
    if (person.equals(request.applicant())) {
      return Optional.of("APPLICANT_IS_AUTHORIZER");
    }
    if (request.declaredConflicts().contains(person)) {
      return Optional.of("DECLARED_CONFLICT");
    }
    if (request.parties().contains(person)) {
      return Optional.of("RECORDED_PARTY");
    }
    return Optional.empty();
  }

  /** The Japanese words for a conflict (or climb) reason code. */
  static String describe(String conflict) {
    return switch (conflict) {
      case "APPLICANT_IS_AUTHORIZER" -> "申請者が許可権限者";
      case "DECLARED_CONFLICT" -> "利益相反を申告";
      case "OVERDUE" -> "審査期限超過";
      case "ADMIN_REASSIGNED" -> "管理者による担当変更";
      default -> "案件の当事者";
    };
  }

  private static String name(OrgChart chart, String personId) {
    return chart.person(personId).map(Person::name).orElse(personId);
  }
}
