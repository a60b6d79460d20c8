package jp.go.jica.approval.operations;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The platform's own meters for Prometheus (names in docs/operations.md, "Monitoring and alerts"). Values come from
 * the database, so every node reports the same numbers: dashboards and alerts take {@code max} over instances.
 */
@Component
class PlatformMetrics {

  private final MeterRegistry registry;
  private final PlatformReadings readings;
  /** Meter name + label values already registered; a label set that disappears later reads 0, not stale. */
  private final Set<List<String>> registered = ConcurrentHashMap.newKeySet();

  PlatformMetrics(MeterRegistry registry, PlatformReadings readings) {
    this.registry = registry;
    this.readings = readings;
    // a fresh reading may bring a new process, step, incident type or escalation reason: its meters are registered
    // before the scrape that caused the reading collects
    readings.onRefresh(this::registerLabelledMeters);
    gauge("approval.job.backlog", "Jobs due now that no node has locked", r -> r.jobBacklog());
    gauge("approval.job.backlog.oldest.seconds", "How long the oldest unlocked due job has waited",
        r -> r.oldestJob().toSeconds());
    gauge("approval.mail.outbox.oldest.unsent.seconds", "Age of the oldest mail still to be sent (PENDING or RETRYING)",
        r -> r.oldestUnsentMail().toSeconds());
    for (String status : List.of("PENDING", "RETRYING", "FAILED")) {
      gauge("approval.mail.outbox", "Mails in the outbox by status (FAILED: out of retries, an incident is open)",
          Tags.of("status", status), r -> r.mails(status));
    }
    FunctionCounter.builder("approval.org.chart.load.failures", readings, self -> self.current().chartFailures())
        .description("Org chart loads refused because the file was invalid (the previous chart stayed in force)")
        .register(registry);
    gauge("approval.org.chart.last.load.refused", "1 when the latest org chart load was refused",
        r -> r.chartRefusedLast() ? 1 : 0);
    gauge("approval.metrics.read.seconds", "How long the last database reading for these metrics took",
        r -> r.took().toNanos() / 1e9);
  }

  /** Reads once when the platform is up, so the first scrape has every label set. */
  @EventListener(ApplicationReadyEvent.class)
  void readAtStart() {
    readings.current();
  }

  private void registerLabelledMeters(PlatformReadings.Readings now) {
    labelled(now.openRequests(), "approval.open.requests", "Running requests (process instances) by process",
        List.of("process"), PlatformReadings.Readings::openRequests);
    labelled(now.openTasks(), "approval.open.tasks", "Open tasks by process and step",
        List.of("process", "step"), PlatformReadings.Readings::openTasks);
    labelled(now.overdueTasks(), "approval.overdue.tasks", "Open tasks past their due date by process and step",
        List.of("process", "step"), PlatformReadings.Readings::overdueTasks);
    labelled(now.incidents(), "approval.engine.incidents", "Open engine incidents by process and incident type",
        List.of("process", "type"), PlatformReadings.Readings::incidents);
    now.escalations().keySet().forEach(key -> {
      if (registered.add(List.of("approval.escalations", key.get(0)))) {
        FunctionCounter.builder("approval.escalations", readings,
                self -> self.current().escalations().getOrDefault(key, 0L))
            .description("Steps moved away from their designated holder, by reason (OVERDUE: overdue escalation; "
                + "APPLICANT_*, RECORDED_PARTY, DECLARED_CONFLICT: Art. 16 conflicts; REORGANISED; ADMIN_REASSIGNED)")
            .tag("reason", key.get(0)).register(registry);
      }
    });
  }

  private void labelled(Map<List<String>, Long> present, String name, String description, List<String> labels,
      Function<PlatformReadings.Readings, Map<List<String>, Long>> values) {
    present.keySet().forEach(key -> {
      List<String> id = new ArrayList<>(key);
      id.add(0, name);
      if (registered.add(id)) {
        Tags tags = Tags.empty();
        for (int i = 0; i < labels.size(); i++) {
          tags = tags.and(labels.get(i), key.get(i));
        }
        gauge(name, description, tags, r -> values.apply(r).getOrDefault(key, 0L));
      }
    });
  }

  private void gauge(String name, String description, ToDoubleFunction<PlatformReadings.Readings> value) {
    gauge(name, description, Tags.empty(), value);
  }

  private void gauge(String name, String description, Tags tags, ToDoubleFunction<PlatformReadings.Readings> value) {
    Gauge.builder(name, readings, self -> value.applyAsDouble(self.current()))
        .description(description).tags(tags).strongReference(true).register(registry);
  }
}
