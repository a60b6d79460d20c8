package jp.go.jica.approval.routing;

import java.util.Map;
import jp.go.jica.approval.notification.Notifications;
import jp.go.jica.approval.organization.AbsenceRegistered;
import jp.go.jica.approval.organization.Absences;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Tells the deputy they were named for an absence (they decide in the principal's place from its start), and the
 * absent person when an administrator registered it for them.
 */
@Component
class AbsenceMails {

  private final Notifications notifications;
  private final OrgChartService charts;
  private final ProcessEngine engine;

  AbsenceMails(Notifications notifications, OrgChartService charts, ProcessEngine engine) {
    this.notifications = notifications;
    this.charts = charts;
    this.engine = engine;
  }

  @EventListener
  @Order(5)
  void onRegistered(AbsenceRegistered event) {
    Absences.Absence absence = event.absence();
    OrgChart chart = charts.current();
    Map<String, String> model = Map.of(
        "personName", name(chart, absence.person()),
        "deputyName", name(chart, absence.deputy()),
        "period", absence.period(),
        "reason", absence.reason(),
        "registeredByName", name(chart, absence.registeredBy()));
    // The outbox joins an engine transaction, as every mail does.
    ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getCommandExecutorTxRequired()
        .execute(command -> {
          notifications.send("absence/deputy-named", absence.deputy(), model, null);
          if (!absence.registeredBy().equals(absence.person())) {
            notifications.send("absence/registered-on-behalf", absence.person(), model, null);
          }
          return null;
        });
  }

  private static String name(OrgChart chart, String personId) {
    return chart.person(personId).map(p -> p.name()).orElse(personId);
  }
}
