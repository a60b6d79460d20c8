package jp.go.jica.approval.media;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import jp.go.jica.approval.notification.Notifications;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import jp.go.jica.approval.organization.Role;
import jp.go.jica.approval.organization.Unit;
import jp.go.jica.approval.routing.RoutingService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The thin delegates of {@code media-carry-out.bpmn}, wired by bean name. */
@Configuration(proxyBeanMethods = false)
class MediaDelegates {

  private final MediaLog log;
  private final OrgChartService charts;
  private final Notifications notifications;

  MediaDelegates(MediaLog log, OrgChartService charts, Notifications notifications) {
    this.log = log;
    this.charts = charts;
    this.notifications = notifications;
  }

  @Bean
  JavaDelegate registerCarryOut() {
    return execution -> {
      String applicant = (String) execution.getVariable("applicant");
      OrgChart chart = charts.current();
      Unit department = chart.departmentOf(applicant);
      Object area = execution.getVariable("destinationAreaId");
      String logNumber = log.register(new MediaLog.CarryOut(execution.getProcessInstanceId(), applicant,
          chart.person(applicant).map(Person::name).orElse(applicant), department.id(), department.name(),
          text(execution, "mediaKind"), text(execution, "assetNumber"), text(execution, "information"),
          level(execution, "confidentiality"), level(execution, "integrity"), level(execution, "availability"),
          text(execution, "destination"),
          Boolean.TRUE.equals(execution.getVariable("designatedArea")) ? area.toString().trim() : null,
          day(execution, "carryOutOn"), day(execution, "returnOn"), text(execution, "purpose"),
          text(execution, "transportMethod"), Boolean.TRUE.equals(execution.getVariable("encrypted"))));
      execution.setVariable("logNumber", logNumber);
      execution.setProcessBusinessKey(logNumber);
      // Who is told when the return is overdue: from the chart, never from a form.
      execution.setVariable("sectionIso", chart.holderOf(Role.SECTION_ISO, chart.sectionOf(applicant).id()).orElseThrow());
    };
  }

  @Bean
  JavaDelegate recordMediaPermission() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      String decision = (String) execution.getVariable("decision");
      if ("approve".equals(decision)) {
        log.recordPermission(pid, execution.getVariable("decidedBy"), execution.getVariable("designatedTransport"));
      } else if ("reject".equals(decision)) {
        log.recordStatus(pid, MediaLog.REJECTED);
      }
    };
  }

  @Bean
  JavaDelegate recordMediaWithoutPermission() {
    return execution -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> rule = (Map<String, Object>) execution.getVariable("mediaRule");
      log.recordCarriedOut(execution.getProcessInstanceId(), String.valueOf(rule.get("permission")));
    };
  }

  @Bean
  JavaDelegate remindMediaReturn() {
    return execution -> mail(execution, "media/return-reminder", (String) execution.getVariable("applicant"));
  }

  /** The section-iso is told of an overdue return, or their superior when the media is their own carry-out (Art. 16). */
  @Bean
  JavaDelegate escalateMediaReturn(RoutingService routing) {
    return execution -> mail(execution, "media/return-overdue", routing.escalationRecipient(execution,
        (String) execution.getVariable("sectionIso"), (String) execution.getVariable("applicant")));
  }

  /** Art. 29-1: the loss went to the CSIRT as a possible incident; the log keeps the incident's number. */
  @Bean
  JavaDelegate recordMediaLoss() {
    return execution -> log.recordLoss(execution.getProcessInstanceId(), (String) execution.getVariable("incidentNumber"));
  }

  @Bean
  JavaDelegate recordMediaReturn() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      log.recordReturn(pid, Boolean.TRUE.equals(execution.getVariable("informationErased")));
    };
  }

  /**
   * Art. 20-2: the applicant left. A medium still out waits for the section-iso's confirmation of its
   * return (Art. 48-1); an undecided request ends. The section-iso is told either way.
   */
  @Bean
  JavaDelegate recordMediaApplicantLeft() {
    return execution -> {
      boolean carriedOut = Boolean.TRUE.equals(execution.getVariable("leaverInForce"));
      String status = carriedOut ? MediaLog.LEFT_AWAITING_RETURN : MediaLog.LEFT_UNDECIDED;
      log.recordStatus(execution.getProcessInstanceId(), status);
      mail(execution, "media/applicant-left", (String) execution.getVariable("leaverCloser"), Map.of("status", status,
          "action", carriedOut ? "持ち出された媒体の返却（または情報の消去）を確認し、タスク「退職者の持出し媒体の返却を確認する」"
              + "で報告してください（第48条第1項）。" : "審査中の申請は許可されずに終了しました。対応は不要です。"));
    };
  }

  /** The section-iso confirmed the return in the leaver's place: recorded with who did it. */
  @Bean
  JavaDelegate recordMediaLeaverReturn() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      var authentication = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
      log.recordLeaverReturn(pid, authentication != null ? authentication.getUserId() : execution.getVariable("leaverCloser"));
    };
  }

  private static String text(DelegateExecution execution, String name) {
    return String.valueOf(execution.getVariable(name));
  }

  private static int level(DelegateExecution execution, String name) {
    return Integer.parseInt(execution.getVariable(name).toString().trim());
  }

  private static LocalDate day(DelegateExecution execution, String name) {
    return LocalDate.parse(execution.getVariable(name).toString().substring(0, 10));
  }

  private void mail(DelegateExecution execution, String template, String recipient) {
    mail(execution, template, recipient, Map.of());
  }

  private void mail(DelegateExecution execution, String template, String recipient, Map<String, String> extra) {
    Map<String, String> model = new HashMap<>(extra);
    model.put("processName", "外部電磁的記録媒体の持出し");
    model.put("logNumber", String.valueOf(execution.getVariable("logNumber")));
    model.put("applicantName", String.valueOf(execution.getVariable("applicantName")));
    model.put("mediaKind", String.valueOf(execution.getVariable("mediaKind")));
    model.put("assetNumber", String.valueOf(execution.getVariable("assetNumber")));
    model.put("returnOn", String.valueOf(execution.getVariable("returnOn")));
    notifications.send(template, recipient, model, execution.getProcessInstanceId());
  }
}
