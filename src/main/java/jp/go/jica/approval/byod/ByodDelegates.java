package jp.go.jica.approval.byod;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import jp.go.jica.approval.notification.Notifications;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import jp.go.jica.approval.organization.Role;
import jp.go.jica.approval.organization.Unit;
import jp.go.jica.approval.routing.RoutingService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The thin delegates of {@code byod-permission.bpmn}, wired by bean name. */
@Configuration(proxyBeanMethods = false)
class ByodDelegates {

  /** The register column prefix of each decision stage and the user task whose decider it records. */
  private static final Map<String, String> DECIDED_STEPS = Map.of("device_manager", "deviceManagerReview",
      "section_iso", "sectionIsoReview", "isso", "issoNetworkReview");

  private final ByodRegister register;
  private final OrgChartService charts;
  private final Notifications notifications;

  ByodDelegates(ByodRegister register, OrgChartService charts, Notifications notifications) {
    this.register = register;
    this.charts = charts;
    this.notifications = notifications;
  }

  @Bean
  JavaDelegate registerByodRequest() {
    return execution -> {
      String applicant = (String) execution.getVariable("applicant");
      OrgChart chart = charts.current();
      Unit department = chart.departmentOf(applicant);
      String deviceManager = chart.holderOf(Role.DEVICE_MANAGER, chart.sectionOf(applicant).id()).orElseThrow();
      String permitNumber = register.register(new ByodRegister.Request(execution.getProcessInstanceId(), applicant,
          name(applicant), department.id(), department.name(), text(execution, "deviceKind"),
          text(execution, "osVersion"), text(execution, "deviceOwner"), text(execution, "purpose"),
          text(execution, "information"), level(execution, "confidentiality"), level(execution, "integrity"),
          level(execution, "availability"), "yes".equals(execution.getVariable("internalNetwork")),
          ByodChecks.MEASURES.entrySet().stream().filter(m -> Boolean.TRUE.equals(execution.getVariable(m.getKey())))
              .map(Map.Entry::getValue).collect(Collectors.joining("、")),
          day(execution, "periodFrom"), day(execution, "periodTo"), deviceManager,
          chart.holderOf(Role.SECTION_ISO, chart.sectionOf(applicant).id()).orElse(null)));
      execution.setVariable("permitNumber", permitNumber);
      execution.setProcessBusinessKey(permitNumber);
      execution.setVariable("deviceManager", deviceManager);
    };
  }

  @Bean
  JavaDelegate recordByodDecision() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      String stage = (String) execution.getVariable("stage");
      String step = DECIDED_STEPS.get(stage);
      if (step != null) {
        register.decidedBy(pid, step).ifPresent(by -> register.recordDecidedBy(pid, stage, by));
      }
      if ("reject".equals(execution.getVariable("decision"))) {
        register.recordStatus(pid, ByodRegister.REJECTED);
      } else if ("grant".equals(execution.getVariable("stage"))) {
        register.recordPermitted(pid);
      }
    };
  }

  /** After the end date the permit no longer holds, even before the erasure is confirmed. */
  @Bean
  ExecutionListener recordByodExpiry() {
    return execution -> register.recordStatus(execution.getProcessInstanceId(), ByodRegister.EXPIRED);
  }

  @Bean
  TaskListener recordByodProcedureAcknowledged() {
    return task -> register.recordProcedureAcknowledged(task.getProcessInstanceId());
  }

  @Bean
  JavaDelegate remindByodEnd() {
    return execution -> mail(execution, "byod/end-reminder", (String) execution.getVariable("applicant"));
  }

  @Bean
  JavaDelegate remindByodErasure() {
    return execution -> mail(execution, "byod/erasure-reminder", (String) execution.getVariable("applicant"));
  }

  /** The device-manager is told of an unreported erasure, or their superior when it is their own device (Art. 16). */
  @Bean
  JavaDelegate escalateByodErasure(RoutingService routing) {
    return execution -> mail(execution, "byod/erasure-overdue", routing.escalationRecipient(execution,
        (String) execution.getVariable("deviceManager"), (String) execution.getVariable("applicant")));
  }

  @Bean
  JavaDelegate recordByodErasure() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      register.recordErasure(pid);
    };
  }

  /**
   * Art. 20-2: the applicant left. A permit in force is no longer theirs to use and waits for the
   * device-manager's erasure check; an undecided request ends. The device-manager is told either way.
   */
  @Bean
  JavaDelegate recordByodApplicantLeft() {
    return execution -> {
      boolean inForce = Boolean.TRUE.equals(execution.getVariable("leaverInForce"));
      String status = inForce ? ByodRegister.LEFT_AWAITING_ERASURE : ByodRegister.LEFT_UNDECIDED;
      register.recordStatus(execution.getProcessInstanceId(), status);
      mail(execution, "byod/applicant-left", (String) execution.getVariable("leaverCloser"), Map.of("status", status,
          "action", inForce ? "端末から機構の要保護情報が消去されたことを確認し、タスク「退職者の端末から要保護情報が消去されたことを確認する」"
              + "で報告してください（第97条第4項）。" : "審査中の申請は許可されずに終了しました。対応は不要です。"));
    };
  }

  /** The device-manager confirmed the erasure in the leaver's place: recorded with who did it. */
  @Bean
  JavaDelegate recordByodLeaverErasure() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      var authentication = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
      register.recordLeaverErasure(pid, authentication != null ? authentication.getUserId()
          : execution.getVariable("leaverCloser"));
    };
  }

  /** Art. 94: the CISO switched personal devices off; the undecided request ends and the applicant is told. */
  @Bean
  JavaDelegate recordByodIntakeStopped() {
    return execution -> {
      register.recordStatus(execution.getProcessInstanceId(), ByodRegister.INTAKE_STOPPED);
      mail(execution, "byod/intake-stopped", (String) execution.getVariable("applicant"),
          Map.of("reason", String.valueOf(execution.getVariable("intakeStopReason"))));
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
    model.put("processName", "機構支給以外の端末の利用許可");
    model.put("permitNumber", String.valueOf(execution.getVariable("permitNumber")));
    model.put("applicantName", String.valueOf(execution.getVariable("applicantName")));
    model.put("deviceKind", String.valueOf(execution.getVariable("deviceKind")));
    model.put("periodTo", String.valueOf(execution.getVariable("periodTo")));
    notifications.send(template, recipient, model, execution.getProcessInstanceId());
  }

  private String name(String personId) {
    return charts.current().person(personId).map(Person::name).orElse(personId);
  }
}
