package jp.go.jica.approval.byod;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jp.go.jica.approval.notification.Notifications;
import jp.go.jica.approval.organization.Absences;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import jp.go.jica.approval.organization.Role;
import jp.go.jica.approval.routing.PlatformOperation;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The CISO's Art. 94 switch. Switching it off refuses new requests (the start check reads it), ends every
 * undecided request by the process's own message, and sends each device-manager the permits in force in
 * their department: those stay valid until the device-manager acts, since ending them is a decision on each
 * use (Art. 97), not a side effect of the switch.
 */
@Service
class ByodSwitch {

  static final String INTAKE_STOPPED = "byodIntakeStopped";

  private final ByodRegister register;
  private final ByodSettings settings;
  private final OrgChartService charts;
  private final ProcessEngine engine;
  private final Notifications notifications;
  private final Absences absences;

  ByodSwitch(ByodRegister register, ByodSettings settings, OrgChartService charts, ProcessEngine engine,
      Notifications notifications, Absences absences) {
    this.absences = absences;
    this.register = register;
    this.settings = settings;
    this.charts = charts;
    this.engine = engine;
    this.notifications = notifications;
  }

  boolean allowed() {
    return register.allowed().orElse(settings.isAllowedByDefault());
  }

  /**
   * Whether the person holds the ciso role now, or is the deputy of a CISO who is absent (代理承認): the decision
   * is the CISO's, not the platform administrator's.
   */
  boolean isCiso(String personId) {
    return charts.current().organizationHolder(Role.CISO).filter(ciso -> ciso.equals(personId)
        || absences.activeFor(ciso).filter(a -> a.deputy().equals(personId)).isPresent()).isPresent();
  }

  /** Records the CISO's decision; switching off ends undecided requests and tells the device-managers. */
  @Transactional
  Map<String, Object> change(boolean allowed, String ciso, String reason) {
    boolean switchedOff = allowed() && !allowed;
    int ended = switchedOff ? endUndecidedRequests(reason) : 0;
    String name = charts.current().person(ciso).map(Person::name).orElse(ciso)
        + charts.current().organizationHolder(Role.CISO).filter(holder -> !holder.equals(ciso))
            .map(holder -> "（代理: 本来の許可権限者 " + charts.current().person(holder).map(Person::name).orElse(holder) + "）")
            .orElse("");
    register.recordSwitch(allowed, ciso, name, reason, ended);
    int told = switchedOff ? tellDeviceManagers(name, reason) : 0;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("allowed", allowed);
    result.put("by", ciso);
    result.put("byName", name);
    result.put("reason", reason);
    result.put("endedRequests", ended);
    result.put("deviceManagersNotified", told);
    return result;
  }

  private int endUndecidedRequests(String reason) {
    int ended = 0;
    for (ProcessInstance instance : engine.getRuntimeService().createProcessInstanceQuery()
        .processDefinitionKey("byod-permission").active().list()) {
      if (engine.getRuntimeService().getActiveActivityIds(instance.getId()).stream()
          .anyMatch(LeaverCaseClosing.BYOD_UNDECIDED::contains)) {
        PlatformOperation.run(() -> engine.getRuntimeService().createMessageCorrelation(INTAKE_STOPPED)
            .processInstanceId(instance.getId()).setVariable("intakeStopReason", reason).correlateWithResult());
        ended++;
      }
    }
    return ended;
  }

  /** One mail per department with permits in force, to its device-manager as the chart stands now. */
  private int tellDeviceManagers(String cisoName, String reason) {
    OrgChart chart = charts.current();
    Map<String, List<ByodRegister.LivePermit>> byDepartment = register.livePermits().stream()
        .collect(Collectors.groupingBy(ByodRegister.LivePermit::departmentId, LinkedHashMap::new, Collectors.toList()));
    String changedAt = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired()
        .execute(context -> {
          byDepartment.forEach((department, permits) -> {
            String deviceManager = chart.holderOf(Role.DEVICE_MANAGER, department)
                .or(() -> chart.organizationHolder(Role.CHIEF_ISO)).orElseThrow();
            String lines = permits.stream().map(p -> "・" + p.permitNumber() + "　" + p.applicantName()
                + "　" + p.deviceKind() + "　許可期間 " + p.periodFrom() + "〜" + p.periodTo())
                .collect(Collectors.joining("\n"));
            notifications.send("byod/switched-off-permits", deviceManager, Map.of("departmentName",
                String.valueOf(permits.get(0).departmentName()), "count", String.valueOf(permits.size()),
                "cisoName", cisoName, "reason", reason, "changedAt", changedAt, "permits", lines), null);
          });
          return null;
        });
    return byDepartment.size();
  }
}
