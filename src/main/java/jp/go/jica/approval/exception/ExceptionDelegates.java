package jp.go.jica.approval.exception;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.notification.Notifications;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import jp.go.jica.approval.organization.Role;
import jp.go.jica.approval.organization.Unit;
import jp.go.jica.approval.routing.ApprovalEscalation;
import jp.go.jica.approval.routing.RoutingDecision;
import jp.go.jica.approval.routing.RoutingService;
import jp.go.jica.approval.validation.PlatformSubmission;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.task.Task;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The thin delegates of {@code exception-measure.bpmn} and {@code exception-measure-report.bpmn},
 * each wired by bean name ({@code camunda:delegateExpression="${registerExceptionApplication}"}).
 */
@Configuration(proxyBeanMethods = false)
class ExceptionDelegates {

  static final String REVIEW_STEP = "reviewApplication";
  private static final ZoneId ZONE = ZoneId.systemDefault();

  private final ExceptionLedger ledger;
  private final OrgChartService charts;
  private final Notifications notifications;
  private final ExceptionSettings settings;

  ExceptionDelegates(ExceptionLedger ledger, OrgChartService charts, Notifications notifications,
      ExceptionSettings settings) {
    this.ledger = ledger;
    this.charts = charts;
    this.notifications = notifications;
    this.settings = settings;
  }

  @Bean
  JavaDelegate registerExceptionApplication() {
    return execution -> {
      String renewalOf = text(execution, "renewalOf");
      int renewalCount = 0;
      if (renewalOf != null) {
        ExceptionLedger.Entry previous = ledger.byNumber(renewalOf).filter(p ->
                p.applicantId().equals(execution.getVariable("applicant")))
            .orElseThrow(() -> new BadUserRequestException("更新元の台帳番号「" + renewalOf + "」は申請者の例外措置ではありません"));
        renewalCount = previous.renewalCount() + 1;
      }
      ExceptionLedger.Application application = application(execution, renewalOf, renewalCount);
      String number = ledger.register(application);
      execution.setVariable("ledgerNumber", number);
      execution.setProcessBusinessKey(number);
      execution.setVariable("currentSnapshot", application.snapshot(1));
      execution.setVariable("versionHistory", "（初版）");
      execution.setVariable("renewalCount", renewalCount);
      // A rejected renewal leaves a deviation running past the approved end, as a rejected post-facto notice does.
      execution.setVariable("stopOnReject", application.postFacto() || renewalOf != null);
      if (Boolean.TRUE.equals(execution.getVariable("lateNotice"))) {
        ledger.markLate(execution.getProcessInstanceId());
        String applicant = (String) execution.getVariable("applicant");
        chart().holderOf(Role.CHIEF_ISO, chart().sectionOf(applicant).id()).ifPresent(chiefIso ->
            notifications.send("exception/late-notice", chiefIso, model(execution, Map.of(
                "deviationStartedOn", String.valueOf(application.deviationStarted()),
                "urgencyReason", String.valueOf(application.urgencyReason()))), execution.getProcessInstanceId()));
      }
    };
  }

  @Bean
  JavaDelegate recordExceptionDecision(RoutingService routing) {
    return execution -> {
      String decision = (String) execution.getVariable("decision");
      String comment = text(execution, "decisionComment");
      String decider = (String) execution.getVariable("decidedBy");
      String status = switch (decision) {
        case "approve" -> ExceptionLedger.APPROVED;
        case "reject" -> ExceptionLedger.REJECTED;
        case "sendBack" -> ExceptionLedger.SENT_BACK;
        default -> null; // a declared conflict decides nothing; the step is routed again
      };
      if (status == null) {
        return;
      }
      String escalation = routing.lastRouting(execution.getProcessInstanceId(), REVIEW_STEP)
          .filter(RoutingDecision::escalated).map(RoutingDecision::reason).orElse(null);
      String conditions = "approve".equals(decision) ? comment : null;
      // a deputy decides in their own name, as deputy for the absent authorizer (代理承認)
      String deciderName = name(decider) + java.util.Objects.toString(execution.getVariable("decidedAsDeputy"), "");
      ledger.recordDecision(execution.getProcessInstanceId(), decision, status, conditions, decider, deciderName,
          escalation);
      if ("approve".equals(decision)) {
        execution.setVariable("hasConditions", conditions != null);
      }
      if (!"sendBack".equals(decision)) {
        // Art. 25-3: the authorizer reports every decision to the chief-iso.
        chart().holderOf(Role.CHIEF_ISO, chart().sectionOf(decider).id()).ifPresent(chiefIso ->
            notifications.send("exception/decision-report", chiefIso, model(execution, Map.of(
                "decision", status, "deciderName", deciderName, "conditions", conditions == null ? "（なし）" : conditions,
                "escalation", escalation == null ? "（なし）" : escalation)), execution.getProcessInstanceId()));
      }
    };
  }

  @Bean
  JavaDelegate recordExceptionRevision() {
    return execution -> {
      String previous = (String) execution.getVariable("currentSnapshot");
      ExceptionLedger.Application revised = application(execution, null, 0);
      int version = ledger.recordRevision(execution.getProcessInstanceId(),
          previous == null ? "（記録なし）" : previous, revised);
      execution.setVariable("currentSnapshot", revised.snapshot(version));
      // The ledger is the truth; whatever the applicant's form sent, the case keeps its number.
      execution.setVariable("ledgerNumber", ledger.number(execution.getProcessInstanceId()));
      execution.setVariable("versionHistory", String.join("\n", ledger.versions(execution.getProcessInstanceId())));
    };
  }

  @Bean
  JavaDelegate remindExceptionReviewer() {
    return execution -> {
      Task review = execution.getProcessEngineServices().getTaskService().createTaskQuery()
          .processInstanceId(execution.getProcessInstanceId()).taskDefinitionKey(REVIEW_STEP).singleResult();
      if (review != null && review.getAssignee() != null) {
        notifications.send("exception/review-reminder", review.getAssignee(),
            model(execution, Map.of("link", notifications.tasklistLink(review.getId()))), execution.getProcessInstanceId());
      }
    };
  }

  @Bean
  JavaDelegate escalateExceptionReview(ApprovalEscalation escalation) {
    return execution -> escalation.escalateOverdue(execution.getProcessInstanceId(), REVIEW_STEP);
  }

  @Bean
  JavaDelegate remindExceptionExpiry() {
    return execution -> notifications.send("exception/expiry-reminder", (String) execution.getVariable("applicant"),
        model(execution, Map.of()), execution.getProcessInstanceId());
  }

  /**
   * An unanswered end confirmation becomes a task of the applicant's iso, or of the person above when it is
   * the iso's own exception (Art. 16): a mail alone would let the end go unrecorded.
   */
  @Bean
  JavaDelegate escalateExceptionEndConfirmation(RoutingService routing) {
    return execution -> {
      String applicant = (String) execution.getVariable("applicant");
      String iso = chart().holderOf(Role.ISO, chart().sectionOf(applicant).id()).orElseThrow();
      String confirmer = routing.escalationRecipient(execution, iso, applicant);
      execution.setVariable("endConfirmer", confirmer);
      notifications.send("exception/end-escalated", confirmer, model(execution, Map.of()),
          execution.getProcessInstanceId());
    };
  }

  @Bean
  JavaDelegate recordExceptionExpiry() {
    return execution -> ledger.recordStatus(execution.getProcessInstanceId(), ExceptionLedger.EXPIRED);
  }

  @Bean
  JavaDelegate recordExceptionEnd() {
    return execution -> ledger.recordEnd(execution.getProcessInstanceId());
  }

  /**
   * Art. 20-2: the applicant left. An exception in force (or a deviation not yet stopped) waits for the
   * authorizer's confirmation of its end; an undecided application ends. The authorizer is told either way.
   */
  @Bean
  JavaDelegate recordExceptionApplicantLeft() {
    return execution -> {
      boolean inForce = Boolean.TRUE.equals(execution.getVariable("leaverInForce"));
      String status = inForce ? ExceptionLedger.LEFT_AWAITING_END : ExceptionLedger.LEFT_UNDECIDED;
      ledger.recordStatus(execution.getProcessInstanceId(), status);
      notifications.send("exception/applicant-left", (String) execution.getVariable("leaverCloser"),
          model(execution, Map.of("status", status, "action", inForce
              ? "例外措置が終了し通常の対策に戻ったことを確認し、タスク「退職者の例外措置の終了を確認する」で報告してください（第25条）。"
              : "審査中の申請は承認されずに終了しました。対応は不要です。")), execution.getProcessInstanceId());
    };
  }

  /** The authorizer confirmed the end in the leaver's place: recorded with who did it. */
  @Bean
  JavaDelegate recordExceptionLeaverEnd() {
    return execution -> {
      var authentication = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
      ledger.recordLeaverEnd(execution.getProcessInstanceId(), authentication != null ? authentication.getUserId()
          : (String) execution.getVariable("leaverCloser"));
    };
  }

  @Bean
  JavaDelegate startExceptionRenewal() {
    return execution -> {
      Map<String, Object> variables = new HashMap<>();
      for (String key : List.of("ruleReference", "ruleText", "reason", "alternativeMeasure", "scopeDescription",
          "scope", "confidentiality", "integrity", "availability", "parties")) {
        if (execution.getVariable(key) != null) {
          variables.put(key, execution.getVariable(key));
        }
      }
      if (text(execution, "renewalPeriodTo") == null) {
        throw new BadUserRequestException("更新する場合は「更新後の終了日」を入力してください");
      }
      LocalDate oldTo = ledger.periodTo(execution.getProcessInstanceId());
      variables.put("periodFrom", oldTo.plusDays(1).toString());
      variables.put("periodTo", text(execution, "renewalPeriodTo"));
      variables.put("applicationType", "normal");
      variables.put("renewalOf", ledger.number(execution.getProcessInstanceId()));
      String user = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication() == null
          ? null : execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication().getUserId();
      if (user == null) {
        // Completed by the platform itself: name the applicant, as any system start must.
        variables.put("applicant", execution.getVariable("applicant"));
      }
      String renewal = PlatformSubmission.run(() -> execution.getProcessEngineServices().getRuntimeService()
          .startProcessInstanceByKey("exception-measure", variables).getId());
      execution.setVariable("renewalProcessInstanceId", renewal);
      ledger.recordRenewal(execution.getProcessInstanceId());
    };
  }

  @Bean
  JavaDelegate notifyExceptionStopConfirmed() {
    return execution -> {
      ledger.recordStopConfirmed(execution.getProcessInstanceId());
      notifications.send("exception/deviation-stopped", (String) execution.getVariable("decidedBy"),
          model(execution, Map.of("stopNote", String.valueOf(execution.getVariable("stopNote")))),
          execution.getProcessInstanceId());
    };
  }

  @Bean
  JavaDelegate compileExceptionReport() {
    return execution -> {
      Instant since = Instant.now().minus(settings.reportWindowDuration());
      Map<String, Map<String, Long>> byAuthorizer = new LinkedHashMap<>();
      for (Map<String, Object> row : ledger.statusByAuthorizer(since)) {
        byAuthorizer.computeIfAbsent((String) row.get("authorizer"), k -> new LinkedHashMap<>())
            .put((String) row.get("status"), ((Number) row.get("cnt")).longValue());
      }
      StringBuilder text = new StringBuilder();
      byAuthorizer.forEach((authorizer, counts) -> text.append(authorizer).append(": ").append(counts.entrySet()
          .stream().map(e -> e.getKey() + " " + e.getValue() + "件").reduce((a, b) -> a + "、" + b).orElse(""))
          .append('\n'));
      String report = text.length() == 0 ? "対象期間の申請はありません。" : text.toString().trim();
      String period = LocalDate.ofInstant(since, ZONE) + "〜" + LocalDate.now(ZONE);
      String chiefIso = holderOf(Role.CHIEF_ISO);
      execution.setVariable("reportText", report);
      execution.setVariable("reportPeriod", period);
      execution.setVariable("reportReviewer", chiefIso);
      notifications.send("exception/monthly-report", chiefIso, Map.of("period", period, "report", report,
          "processName", "例外措置の申請状況報告"), execution.getProcessInstanceId());
    };
  }

  @Bean
  JavaDelegate forwardExceptionReport() {
    return execution -> {
      boolean revision = "yes".equals(execution.getVariable("revisionNeeded"));
      String notes = text(execution, "revisionNotes");
      String reviewer = (String) execution.getVariable("reportReviewer");
      ledger.recordReport(execution.getProcessInstanceId(), (String) execution.getVariable("reportPeriod"),
          (String) execution.getVariable("reportText"), revision, notes, reviewer);
      notifications.send("exception/report-forwarded", holderOf(Role.CISO), Map.of(
          "period", (String) execution.getVariable("reportPeriod"),
          "report", (String) execution.getVariable("reportText"),
          "revision", revision ? "見直しが必要" : "見直しは不要",
          "notes", notes == null ? "（なし）" : notes,
          "reviewerName", name(reviewer), "processName", "例外措置の申請状況報告"), execution.getProcessInstanceId());
    };
  }

  private ExceptionLedger.Application application(DelegateExecution execution, String renewalOf, int renewalCount) {
    String applicant = (String) execution.getVariable("applicant");
    Unit department = chart().departmentOf(applicant);
    String started = text(execution, "deviationStartedOn");
    return new ExceptionLedger.Application(execution.getProcessInstanceId(), applicant, name(applicant),
        department.id(), department.name(), text(execution, "ruleReference"), text(execution, "ruleText"),
        text(execution, "reason"), text(execution, "alternativeMeasure"), text(execution, "scopeDescription"),
        level(execution, "confidentiality"), level(execution, "integrity"), level(execution, "availability"),
        LocalDate.parse(text(execution, "periodFrom").substring(0, 10)),
        LocalDate.parse(text(execution, "periodTo").substring(0, 10)),
        Boolean.TRUE.equals(execution.getVariable("postFacto")),
        started == null ? null : LocalDate.parse(started.substring(0, 10)), text(execution, "urgencyReason"),
        renewalOf, renewalCount);
  }

  private Map<String, String> model(DelegateExecution execution, Map<String, String> extra) {
    Map<String, String> model = new HashMap<>(extra);
    model.put("processName", "例外措置の適用申請");
    model.put("ledgerNumber", String.valueOf(execution.getVariable("ledgerNumber")));
    model.put("applicantName", String.valueOf(execution.getVariable("applicantName")));
    model.put("ruleReference", String.valueOf(execution.getVariable("ruleReference")));
    model.put("period", execution.getVariable("periodFrom") + "〜" + execution.getVariable("periodTo"));
    return model;
  }

  private OrgChart chart() {
    return charts.current();
  }

  private String holderOf(Role role) {
    return chart().organizationHolder(role).orElseThrow();
  }

  private String name(String personId) {
    return chart().person(personId).map(Person::name).orElse(personId == null ? "" : personId);
  }

  private static String text(DelegateExecution execution, String key) {
    Object value = execution.getVariable(key);
    return value == null || value.toString().isBlank() ? null : value.toString().trim();
  }

  private static int level(DelegateExecution execution, String key) {
    return Integer.parseInt(text(execution, key));
  }
}
