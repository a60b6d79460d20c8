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

  CloudDelegates(CloudRegistry registry, OrgChartService charts, Notifications notifications) {
    this.registry = registry;
    this.charts = charts;
    this.notifications = notifications;
  }

  @Bean
  JavaDelegate registerCloudApplication() {
    return execution -> execution.setVariable("registryNumber", registry.register(application(execution)));
  }

  @Bean
  JavaDelegate recordCloudRevision() {
    return execution -> {
      registry.revise(application(execution));
      // The registry is the truth; whatever the applicant's form sent, the case keeps its number.
      execution.setVariable("registryNumber", registry.byProcess(execution.getProcessInstanceId()).get("registry_number"));
    };
  }

  /** After the first step (input {@code stage=requirements}) or the authorizer's review ({@code stage=review}). */
  @Bean
  JavaDelegate recordCloudDecision() {
    return execution -> {
      String decision = (String) execution.getVariable("decision");
      String pid = execution.getProcessInstanceId();
      if ("reject".equals(decision)) {
        registry.setStatus(pid, CloudRegistry.REJECTED, null);
        return;
      }
      if (!"approve".equals(decision)) {
        return;
      }
      if ("requirements".equals(execution.getVariable("stage"))) {
        Object note = execution.getVariable("requirementsNote");
        registry.update(pid, "requirements", note == null ? "（リスク確認済み）" : note.toString());
        return;
      }
      String decider = (String) execution.getVariable("decidedBy");
      String manager = (String) execution.getVariable("cloudManager");
      registry.update(pid, "authorizer_id", decider);
      registry.update(pid, "authorizer_name", name(decider));
      registry.update(pid, "cloud_manager_id", manager);
      registry.update(pid, "cloud_manager_name", name(manager));
      registry.setStatus(pid, CloudRegistry.APPROVED, "approved_at");
    };
  }

  @Bean
  JavaDelegate reportCloudRegistration() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      registry.update(pid, "system_ledger_id", String.valueOf(execution.getVariable("systemLedgerId")));
      notifyChiefIso(execution, "cloud/registration-report", Map.of(
          "systemLedgerId", String.valueOf(execution.getVariable("systemLedgerId"))));
    };
  }

  @Bean
  JavaDelegate recordCloudGoLive() {
    return execution -> registry.setStatus(execution.getProcessInstanceId(), CloudRegistry.IN_USE, "go_live_at");
  }

  @Bean
  JavaDelegate recordCloudReview() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      Object changes = execution.getVariable("reviewChanges");
      boolean hold = "yes".equals(execution.getVariable("measuresHold"));
      String note = (hold ? "対策は維持されている" : "対策の見直しが必要") + (changes == null || changes.toString().isBlank()
          ? "" : "。変更: " + changes);
      registry.setStatus(pid, CloudRegistry.IN_USE, "last_review_at");
      registry.update(pid, "last_review_note", note);
      if (!hold || (changes != null && !changes.toString().isBlank())) {
        notifyChiefIso(execution, "cloud/review-report", Map.of("note", note));
      }
    };
  }

  @Bean
  JavaDelegate recordCloudTermination() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      Object record = execution.getVariable("disposalRecord");
      registry.update(pid, "disposal_record", record == null ? "" : record.toString());
      registry.setStatus(pid, CloudRegistry.ENDED, "ended_at");
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
