package jp.go.jica.approval.operations;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The platform's health components. The job executor is part of readiness (a node that cannot run jobs sends no
 * mail and fires no timer); a stuck outbox and open incidents need a person but do not stop the node serving, so
 * they report {@link #DEGRADED}, which answers 200 (application.yml orders it between UP and DOWN).
 */
@Configuration(proxyBeanMethods = false)
class OperationsHealth {

  /** Works, but something needs an operator (docs/operations.md, "Monitoring and alerts"). */
  static final Status DEGRADED = new Status("DEGRADED");

  /** {@code jobExecution}: the engine's job executor is running (unless this node runs no jobs by setting). */
  @Bean
  HealthIndicator jobExecutionHealthIndicator(ProcessEngine engine,
      @Value("${camunda.bpm.job-execution.enabled:true}") boolean jobExecutionEnabled) {
    return () -> {
      JobExecutor executor = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor();
      if (!jobExecutionEnabled) {
        return Health.up().withDetail("jobExecution", "disabled on this node (camunda.bpm.job-execution.enabled)").build();
      }
      if (executor == null || !executor.isActive()) {
        return Health.down().withDetail("jobExecution", "the job executor is not running").build();
      }
      return Health.up().withDetail("lockOwner", executor.getLockOwner()).build();
    };
  }

  /** {@code mailOutbox}: DEGRADED when a mail has waited longer than {@code approval.monitoring.mail-stuck-after}. */
  @Bean
  HealthIndicator mailOutboxHealthIndicator(PlatformReadings readings, MonitoringSettings settings) {
    return () -> {
      PlatformReadings.Readings now = readings.current();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("pending", now.mails("PENDING"));
      details.put("retrying", now.mails("RETRYING"));
      details.put("failed", now.mails("FAILED"));
      details.put("oldestUnsent", now.oldestUnsentMail().toString());
      details.put("stuckAfter", settings.mailStuckAfter().toString());
      boolean stuck = now.oldestUnsentMail().compareTo(settings.mailStuckAfter()) > 0;
      return Health.status(stuck ? DEGRADED : Status.UP).withDetails(details).build();
    };
  }

  /** {@code engineIncidents}: DEGRADED while an engine incident is open (a job out of retries, a failed mail). */
  @Bean
  HealthIndicator engineIncidentsHealthIndicator(PlatformReadings readings) {
    return () -> {
      PlatformReadings.Readings now = readings.current();
      Map<String, Long> byProcessAndType = new LinkedHashMap<>();
      now.incidents().forEach((key, count) -> byProcessAndType.put(String.join("/", key), count));
      return Health.status(now.incidentCount() > 0 ? DEGRADED : Status.UP)
          .withDetail("open", now.incidentCount()).withDetail("byProcessAndType", byProcessAndType).build();
    };
  }
}
