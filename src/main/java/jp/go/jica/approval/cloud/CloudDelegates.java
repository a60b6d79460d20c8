package jp.go.jica.approval.cloud;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import jp.go.jica.approval.notification.Notifications;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import jp.go.jica.approval.organization.Role;
import jp.go.jica.approval.organization.Unit;
import jp.go.jica.approval.routing.DutyHandOver;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The thin delegates of {@code cloud-service-approval.bpmn}, wired by bean name. */
@Configuration(proxyBeanMethods = false)
class CloudDelegates {

  private final CloudRegistry registry;
  private final OrgChartService charts;
  private final Notifications notifications;
  private final CloudSettings settings;
  private final DutyHandOver handOver;

  CloudDelegates(CloudRegistry registry, OrgChartService charts, Notifications notifications, CloudSettings settings,
      DutyHandOver handOver) {
    this.registry = registry;
    this.charts = charts;
    this.notifications = notifications;
    this.settings = settings;
    this.handOver = handOver;
  }

  @Bean
  JavaDelegate registerCloudApplication() {
    return execution -> {
      String number = registry.register(application(execution));
      execution.setVariable("registryNumber", number);
      execution.setProcessBusinessKey(number);
      // Shown to the isso with the requirements, so the use is judged against the criteria in force (Art. 62-1).
      execution.setVariable("useCriteria", settings.getUseCriteria());
    };
  }

  @Bean
  JavaDelegate recordCloudRevision() {
    return execution -> {
      registry.revise(application(execution));
      // The registry is the truth; whatever the applicant's form sent, the case keeps its number.
      execution.setVariable("registryNumber", registry.byProcess(execution.getProcessInstanceId()).registryNumber());
    };
  }

  /** After the first step (input {@code stage=requirements}) or the authorizer's review ({@code stage=review}). */
  @Bean
  JavaDelegate recordCloudDecision() {
    return execution -> {
      String decision = (String) execution.getVariable("decision");
      String pid = execution.getProcessInstanceId();
      if ("reject".equals(decision)) {
        registry.recordStatus(pid, CloudRegistry.REJECTED);
        return;
      }
      if (!"approve".equals(decision)) {
        return;
      }
      if ("requirements".equals(execution.getVariable("stage"))) {
        Object note = execution.getVariable("requirementsNote");
        registry.recordRequirements(pid, note == null ? "（リスク確認済み）" : note.toString());
        if (Boolean.TRUE.equals(execution.getVariable("confidential"))) {
          registry.recordSelectionChecks(pid, text(execution, "useJudgement"), text(execution, "procurementDocuments"));
        }
        return;
      }
      String decider = (String) execution.getVariable("decidedBy");
      String manager = (String) execution.getVariable("cloudManager");
      registry.recordApproval(pid, decider, name(decider) + java.util.Objects.toString(execution.getVariable("decidedAsDeputy"), ""), manager, name(manager));
    };
  }

  /** Art. 66: the cloud-manager's security requirements for the use. */
  @Bean
  JavaDelegate recordCloudUseRequirements() {
    return execution -> registry.recordUseRequirements(execution.getProcessInstanceId(), text(execution, "useRequirements"));
  }

  @Bean
  JavaDelegate reportCloudRegistration() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      registry.recordSystemLedger(pid, String.valueOf(execution.getVariable("systemLedgerId")));
      notifyChiefIso(execution, "cloud/registration-report", Map.of(
          "systemLedgerId", String.valueOf(execution.getVariable("systemLedgerId"))));
    };
  }

  @Bean
  JavaDelegate recordCloudGoLive() {
    return execution -> {
      // Art. 67-1: the build-time measures are on record before the go-live is.
      registry.recordBuildMeasures(execution.getProcessInstanceId(), text(execution, "buildMeasures"));
      registry.recordGoLive(execution.getProcessInstanceId());
    };
  }

  @Bean
  JavaDelegate recordCloudReview() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      Object changes = execution.getVariable("reviewChanges");
      boolean hold = "yes".equals(execution.getVariable("measuresHold"));
      String note = (hold ? "対策は維持されている" : "対策の見直しが必要") + (changes == null || changes.toString().isBlank()
          ? "" : "。変更: " + changes);
      registry.recordReview(pid, note);
      String ledger = "（変更なし）";
      if (changes != null && !changes.toString().isBlank()) {
        // Art. 68-2: the change is carried into the ledger: a new revision, and the registry's own values.
        int revision = registry.recordLedgerChange(pid, changes.toString().trim(), text(execution, "changedDataLocations"),
            text(execution, "changedServiceLevel"));
        ledger = "第" + revision + "版に更新（" + registry.byProcess(pid).systemLedgerId() + "）";
      }
      if (!hold || (changes != null && !changes.toString().isBlank())) {
        notifyChiefIso(execution, "cloud/review-report", Map.of("note", note, "ledger", ledger));
      }
    };
  }

  @Bean
  JavaDelegate recordCloudTermination() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      Object record = execution.getVariable("disposalRecord");
      registry.recordTermination(pid, record == null ? "" : record.toString());
    };
  }

  /**
   * Art. 20-2: the cloud-manager left or moved. The isso of the department that owns the service (the
   * department's iso, Art. 12-5) names the successor; it is asked by mail and given the task.
   */
  @Bean
  JavaDelegate requestCloudManagerSuccessor() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      CloudRegistry.Entry service = registry.byProcess(pid);
      String former = service.cloudManagerId();
      OrgChart chart = chart();
      String reason = chart.person(former).map(p -> "異動（" + chart.sectionOf(former).name() + "へ）").orElse("退職・出向");
      String departmentId = service.departmentId();
      String iso = chart.unit(departmentId).flatMap(unit -> chart.holderOf(Role.ISSO, departmentId))
          .or(() -> chart.organizationHolder(Role.CHIEF_ISO)).orElseThrow();
      execution.setVariable("formerCloudManager", former);
      execution.setVariable("formerCloudManagerName", String.valueOf(service.cloudManagerName()));
      execution.setVariable("successionReason", "クラウドサービス管理者の" + reason + "（第20条第2項）");
      execution.setVariable("successionIso", iso);
      notifications.send("cloud/successor-needed", iso, Map.of(
          "registryNumber", String.valueOf(service.registryNumber()),
          "serviceName", String.valueOf(service.serviceName()),
          "formerName", String.valueOf(service.cloudManagerName()),
          "reason", reason), pid);
    };
  }

  /** The successor takes the duty: the registry says who and since when, and the case's later steps go to them. */
  @Bean
  JavaDelegate recordCloudManagerSuccession() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      String successor = text(execution, "successor");
      String iso = (String) execution.getVariable("successionIso");
      String former = (String) execution.getVariable("formerCloudManager");
      registry.setCloudManager(pid, successor, name(successor), name(iso));
      execution.setVariable("cloudManager", successor);
      // The predecessor's open duty steps (ledger, go-live, review, disposal) go to the successor: none stays with
      // an account the reload deleted.
      handOver.handOver(pid, former, successor, "クラウドサービス管理者の後任として " + name(iso) + " が指名");
      notifications.send("cloud/successor-named", successor, Map.of(
          "registryNumber", String.valueOf(execution.getVariable("registryNumber")),
          "serviceName", String.valueOf(execution.getVariable("serviceName")),
          "formerName", String.valueOf(execution.getVariable("formerCloudManagerName")),
          "isoName", name(iso),
          "note", text(execution, "successionNote") == null ? "（なし）" : text(execution, "successionNote")), pid);
    };
  }

  private void notifyChiefIso(DelegateExecution execution, String template, Map<String, String> extra) {
    Map<String, String> model = new HashMap<>(extra);
    model.put("processName", "クラウドサービスの利用申請");
    model.put("registryNumber", String.valueOf(execution.getVariable("registryNumber")));
    model.put("serviceName", String.valueOf(execution.getVariable("serviceName")));
    model.put("managerName", name((String) execution.getVariable("cloudManager")));
    notifications.send(template, chart().organizationHolder(Role.CHIEF_ISO).orElseThrow(), model,
        execution.getProcessInstanceId());
  }

  private CloudRegistry.Application application(DelegateExecution execution) {
    String applicant = (String) execution.getVariable("applicant");
    Unit department = chart().departmentOf(applicant);
    return new CloudRegistry.Application(execution.getProcessInstanceId(), text(execution, "serviceName"),
        text(execution, "provider"), text(execution, "serviceUrl"), text(execution, "purpose"),
        text(execution, "usersDescription"), department.id(), department.name(), applicant, name(applicant),
        Boolean.TRUE.equals(execution.getVariable("confidential")), level(execution, "confidentiality"),
        level(execution, "integrity"), level(execution, "availability"), text(execution, "dataLocations"),
        Boolean.TRUE.equals(execution.getVariable("dataOutsideJapan")), text(execution, "disposalMethod"),
        text(execution, "serviceLevel"), "yes".equals(execution.getVariable("ismapRegistered")),
        text(execution, "ismapNumber"), text(execution, "nonIsmapReason"),
        LocalDate.parse(text(execution, "periodFrom").substring(0, 10)),
        LocalDate.parse(text(execution, "periodTo").substring(0, 10)));
  }

  private OrgChart chart() {
    return charts.current();
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
