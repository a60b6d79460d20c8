package jp.go.jica.approval.incident;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import jp.go.jica.approval.notification.Notifications;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import jp.go.jica.approval.organization.Role;
import jp.go.jica.approval.organization.Unit;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import jp.go.jica.approval.routing.StepOverdue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.context.annotation.Configuration;

/** The thin delegates of {@code incident-response.bpmn}, wired by bean name. */
@Configuration(proxyBeanMethods = false)
class IncidentDelegates {

  static final String PROCESS_NAME = "情報セキュリティインシデントへの対処";

  private final IncidentRegister register;
  private final OrgChartService charts;
  private final Notifications notifications;

  IncidentDelegates(IncidentRegister register, OrgChartService charts, Notifications notifications) {
    this.register = register;
    this.charts = charts;
    this.notifications = notifications;
  }

  /** Art. 29-1, 29-9: the report enters the register; the evaluation form starts from what the reporter said. */
  @Bean
  JavaDelegate registerIncident() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      String reporter = (String) execution.getVariable("applicant");
      OrgChart chart = charts.current();
      String personal = text(execution, "personalInformation");
      boolean cyberAttack = Boolean.TRUE.equals(execution.getVariable("cyberAttackReported"));
      Object noticed = execution.getVariable("noticedOn");
      var report = new IncidentRegister.Report(pid, reporter, chart.person(reporter).map(Person::name).orElse(reporter),
          chart.person(reporter).map(p -> chart.departmentOf(reporter).id()).orElse(null), text(execution, "incidentTitle"),
          text(execution, "whatHappened"), noticed == null ? null : LocalDate.parse(noticed.toString().substring(0, 10)),
          text(execution, "systemsInvolved"), text(execution, "informationInvolved"),
          Integer.parseInt(execution.getVariable("confidentiality").toString().trim()), personal, cyberAttack,
          text(execution, "actionsTaken"));
      Optional<IncidentRegister.Source> source = Optional.ofNullable((String) execution.getVariable("sourceProcessInstanceId"))
          .map(id -> new IncidentRegister.Source((String) execution.getVariable("sourceProcessKey"), id,
              (String) execution.getVariable("sourceNumber")));
      String number = register.register(report, source);
      execution.setVariable("incidentNumber", number);
      execution.setProcessBusinessKey(number);
      execution.setVariable("cyberAttackSuspected", cyberAttack);
      execution.setVariable("personalInformationLeaked", "yes".equals(personal));
      // Who records the notifications and shares the lessons: the role's holder, resolved again when each step opens.
      execution.setVariable("csirtHead", chart.organizationHolder(Role.CSIRT_HEAD).orElseThrow());
      register.event(pid, "reported", "第29条第1項", "報告: " + report.title()
          + source.map(s -> "（" + s.number() + " から）").orElse(""), reporter);
    };
  }

  /** Art. 29-2: the CSIRT's evaluation; for an incident, who contains and investigates it and who checks systems. */
  @Bean
  JavaDelegate recordIncidentEvaluation() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      if (!"approve".equals(execution.getVariable("decision"))) {
        return; // a declared conflict: the step goes to the evaluator's superior
      }
      boolean incident = "incident".equals(execution.getVariable("incidentAssessment"));
      String evaluator = (String) execution.getVariable("decidedBy");
      boolean cyberAttack = Boolean.TRUE.equals(execution.getVariable("cyberAttackSuspected"));
      boolean leaked = Boolean.TRUE.equals(execution.getVariable("personalInformationLeaked"));
      execution.setVariable("cyberAttackSuspected", cyberAttack);
      execution.setVariable("personalInformationLeaked", leaked);
      String iso = null;
      String causedBy = blankToNull(text(execution, "causedBy"));
      String department = blankToNull(text(execution, "responsibleDepartmentId"));
      if (incident) {
        OrgChart chart = charts.current();
        iso = chart.holderOf(Role.ISO, department).orElseThrow();
        execution.setVariable("responsibleIso", iso);
        execution.setVariable("responsibleDepartmentName", chart.unit(department).map(Unit::name).orElse(department));
        execution.setVariable("incidentHandler", evaluator);
        // Art. 16: who caused the incident is a party of the case and does not investigate or confirm it.
        execution.setVariable("parties", causedBy == null ? "" : causedBy);
      }
      execution.setVariable("issoIds", incident ? String.join(",", IncidentIssos.holders(charts.current(),
          text(execution, "issoDepartmentIds"))) : "");
      register.recordEvaluation(pid, new IncidentRegister.Evaluation(incident, evaluator, text(execution, "evaluationNote"),
          department, iso, causedBy, cyberAttack, leaked));
      register.event(pid, "evaluated", "第29条第2項", (incident ? "インシデントと評価: " : "インシデントではないと評価: ")
          + text(execution, "evaluationNote"), evaluator);
      if (incident) {
        mail(execution, "incident-response/iso-instructed", iso, Map.of("evaluationNote", text(execution, "evaluationNote")));
        register.event(pid, "isoInstructed", "第29条第4項", "情報セキュリティ責任者へ対処を指示: " + name(iso), evaluator);
      }
    };
  }

  /** Art. 29-2: the reporter learns that the CSIRT found no incident. */
  @Bean
  JavaDelegate tellIncidentReporter() {
    return execution -> {
      String reporter = (String) execution.getVariable("applicant");
      mail(execution, "incident-response/not-an-incident", reporter, Map.of("evaluationNote", text(execution, "evaluationNote")));
      register.event(execution.getProcessInstanceId(), "reporterTold", "第29条第2項", "報告者へ評価を通知: " + name(reporter),
          "system");
    };
  }

  /** Art. 29-3: the csirt-head reports the incident to the CISO at once, by mail; the CISO acknowledges it in a task. */
  @Bean
  JavaDelegate reportIncidentToCiso() {
    return execution -> {
      String ciso = charts.current().organizationHolder(Role.CISO).orElseThrow();
      mail(execution, "incident-response/ciso-report", ciso, Map.of("evaluationNote", text(execution, "evaluationNote")));
      register.recordCisoReported(execution.getProcessInstanceId());
      register.event(execution.getProcessInstanceId(), "cisoReported", "第29条第3項",
          "最高情報セキュリティ責任者へ報告: " + name(ciso), (String) execution.getVariable("incidentHandler"));
    };
  }

  /** Art. 31-1: the iso's cause and proposal go to the CISO and the chief-iso. */
  @Bean
  JavaDelegate reportIncidentInvestigation() {
    return execution -> {
      OrgChart chart = charts.current();
      Map<String, String> extra = Map.of("cause", text(execution, "cause"), "preventionProposal", text(execution, "preventionProposal"));
      String ciso = chart.organizationHolder(Role.CISO).orElseThrow();
      mail(execution, "incident-response/investigation-report", ciso, extra);
      chart.organizationHolder(Role.CHIEF_ISO).filter(chief -> !chief.equals(ciso))
          .ifPresent(chief -> mail(execution, "incident-response/investigation-report", chief, extra));
    };
  }

  /** Art. 31-3, 29-9: the response is complete and recorded. */
  @Bean
  JavaDelegate closeIncident() {
    return execution -> {
      register.close(execution.getProcessInstanceId(), text(execution, "lessons"));
      register.event(execution.getProcessInstanceId(), "closed", "第29条第9項", "対処を完了", "system");
    };
  }

  /** Every completed step in the timeline, with what it recorded (Art. 29-9). */
  @Bean
  TaskListener recordIncidentStep() {
    return task -> {
      String pid = task.getProcessInstanceId();
      String by = task.getAssignee();
      String decision = (String) task.getVariable("decision");
      if ("conflict".equals(decision)) {
        register.event(pid, "conflict", "第16条", task.getName() + ": 利益相反の申告（" + text(task, "decisionComment") + "）", by);
        return;
      }
      switch (task.getTaskDefinitionKey()) {
        case "acknowledgeReport" -> register.event(pid, "cisoAcknowledged", "第29条第3項", "最高情報セキュリティ責任者が報告を確認", by);
        case "containIncident" -> register.event(pid, "contained", "第29条第4項",
            "拡大防止・復旧（" + recovery(text(task, "recoveryStatus")) + "）: " + text(task, "containmentActions"), by);
        case "checkSystems" -> register.event(pid, "systemChecked", "第29条第4項", "所管システムの確認（"
            + ("affected".equals(task.getVariable("systemCheckResult")) ? "影響あり" : "影響なし") + "）: " + text(task, "systemCheckNote"), by);
        case "notifyMofa" -> notified(task, "notifiedMofa", "第30条第1項", "外務省");
        case "notifyPolice" -> notified(task, "notifiedPolice", "第29条第7項", "警察");
        case "notifyPpc" -> notified(task, "notifiedPpc", "第30条第3項", "個人情報保護委員会");
        case "investigateCause" -> {
          register.recordInvestigation(pid, text(task, "cause"), text(task, "preventionProposal"));
          register.event(pid, "investigated", "第31条第1項", "原因: " + text(task, "cause") + " / 再発防止策: "
              + text(task, "preventionProposal"), by);
        }
        case "confirmMeasures" -> {
          if ("approve".equals(decision)) {
            register.recordMeasures(pid, text(task, "measuresOrdered"));
            register.event(pid, "measuresOrdered", "第31条第2項", "措置を指示: " + text(task, "measuresOrdered"), by);
          } else if ("sendBack".equals(decision)) {
            task.setVariable("measuresComment", text(task, "decisionComment"));
            register.recordInvestigationRequested(pid);
            register.event(pid, "reinvestigation", "第31条第2項", "再調査を指示: " + text(task, "decisionComment"), by);
          }
        }
        case "shareLessons" -> register.event(pid, "lessonsShared", "第31条第3項", "教訓を共有（"
            + text(task, "lessonsSharedWith") + "）: " + text(task, "lessons"), by);
        default -> {
          // the evaluation is recorded by its own service task, with what it decided
        }
      }
    };
  }

  private void notified(DelegateTask task, String kind, String article, String authority) {
    register.event(task.getProcessInstanceId(), kind, article, authority + "へ報告（" + String.valueOf(task.getVariable("notifiedOn"))
        .substring(0, Math.min(10, String.valueOf(task.getVariable("notifiedOn")).length())) + "、" + text(task, "notifiedTo")
        + "）: " + text(task, "notificationNote"), task.getAssignee());
  }

  private static String recovery(String status) {
    return switch (status) {
      case "recovered" -> "復旧した";
      case "partial" -> "一部復旧";
      default -> "復旧していない";
    };
  }

  /** Art. 29-9: an overdue step of an incident response, and who was told, is part of its record. */
  @EventListener
  void recordOverdueStep(StepOverdue overdue) {
    if (register.byProcessInstance(overdue.processInstanceId()).isEmpty()) {
      return; // another process's step
    }
    String told = name(overdue.holder()) + (overdue.copiedTo() == null ? "" : "、" + name(overdue.copiedTo()));
    register.event(overdue.processInstanceId(), "overdue", "第29条第9項",
        "期限超過: " + overdue.taskName() + "（通知: " + told + "）", "system");
  }

  private String name(String person) {
    return charts.current().person(person).map(p -> p.name() + "（" + person + "）").orElse(person);
  }

  private void mail(DelegateExecution execution, String template, String recipient, Map<String, String> extra) {
    Map<String, String> model = new HashMap<>(extra);
    model.put("processName", PROCESS_NAME);
    model.put("incidentNumber", String.valueOf(execution.getVariable("incidentNumber")));
    model.put("incidentTitle", text(execution, "incidentTitle"));
    model.put("reporterName", String.valueOf(execution.getVariable("applicantName")));
    model.put("whatHappened", text(execution, "whatHappened"));
    notifications.send(template, recipient, model, execution.getProcessInstanceId());
  }

  static String text(org.camunda.bpm.engine.delegate.VariableScope scope, String key) {
    Object value = scope.getVariable(key);
    return value == null ? "" : value.toString().strip();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
