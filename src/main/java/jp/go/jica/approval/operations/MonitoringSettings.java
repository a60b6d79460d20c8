package jp.go.jica.approval.operations;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of monitoring ({@code approval.monitoring.*}).
 *
 * @param cache how long values read from the database serve scrapes and health checks before they are read again
 * @param mailStuckAfter an unsent mail older than this makes health DEGRADED
 * @param scraper the Prometheus scraper's own credential, separate from every employee
 */
@ConfigurationProperties("approval.monitoring")
record MonitoringSettings(@DefaultValue("PT10S") Duration cache, @DefaultValue("PT30M") Duration mailStuckAfter,
    @DefaultValue Scraper scraper) {

  /**
   * @param username the user name Prometheus sends (never an employee's id)
   * @param password plain (from an environment variable) or encoded as {@code {bcrypt}…}; empty: no scraper account,
   *     only administrators may read the metrics
   */
  record Scraper(@DefaultValue("prometheus") String username, @DefaultValue("") String password) {
  }
}
