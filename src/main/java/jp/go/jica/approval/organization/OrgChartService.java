package jp.go.jica.approval.organization;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Holds the chart in force. A reload validates the whole file first; on any error the previous
 * chart stays in force and the errors are returned, each naming its line.
 */
@Service
public class OrgChartService {

  private static final Logger log = LoggerFactory.getLogger(OrgChartService.class);

  private final AtomicReference<OrgChart> current = new AtomicReference<>();
  private final ResourceLoader resourceLoader;
  private final OrganizationProperties properties;
  private final JdbcTemplate jdbc;
  private final ApplicationEventPublisher events;

  OrgChartService(ResourceLoader resourceLoader, OrganizationProperties properties, JdbcTemplate jdbc,
      ApplicationEventPublisher events) {
    this.resourceLoader = resourceLoader;
    this.properties = properties;
    this.jdbc = jdbc;
    this.events = events;
    // A platform without a valid chart cannot route anything: refuse to start.
    OrgChart chart = OrgChartParser.parse(readSource());
    current.set(chart);
    record("startup", chart.checksum(), "LOADED", null);
    log.info("Org chart loaded from {}: {} people, {} units", properties.location(),
        chart.people().size(), chart.units().size());
  }

  public OrgChart current() {
    return current.get();
  }

  /**
   * Re-reads the configured file. Synchronized so two administrators reloading at once cannot
   * interleave their identity syncs.
   *
   * @throws OrgChartException when the new chart is invalid; nothing changes then
   */
  public synchronized OrgChart reload(String reloadedBy) {
    OrgChart next;
    try {
      // an unreadable file is a refused load too: it is recorded (and counted by monitoring) like an invalid one
      next = OrgChartParser.parse(readSource());
    } catch (OrgChartException e) {
      record(reloadedBy, null, "REFUSED", String.join("\n", e.errors()));
      log.warn("Org chart reload by {} refused: {}", reloadedBy, e.errors());
      throw e;
    }
    OrgChart previous = current.getAndSet(next);
    record(reloadedBy, next.checksum(), "LOADED", null);
    log.info("Org chart reloaded by {} from {}", reloadedBy, properties.location());
    events.publishEvent(new OrgChartReloaded(previous, next, reloadedBy));
    return next;
  }

  /** The last loads and refusals, newest first, for the administrator. */
  public List<ChartLoad> history(int limit) {
    return jdbc.query("select loaded_at, loaded_by, outcome, checksum, message from apr_org_chart_load "
            + "order by id desc limit ?", (rs, i) -> new ChartLoad(rs.getTimestamp(1).toInstant(),
        rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)), limit);
  }

  /** One attempt to load the chart. */
  public record ChartLoad(Instant at, String by, String outcome, String checksum, String message) {
  }

  private void record(String by, String checksum, String outcome, String message) {
    jdbc.update("insert into apr_org_chart_load (loaded_at, loaded_by, source, checksum, outcome, message) "
            + "values (?, ?, ?, ?, ?, ?)", Timestamp.from(Instant.now()), by, properties.location(),
        checksum, outcome, message);
  }

  private String readSource() {
    Resource resource = resourceLoader.getResource(properties.location());
    try (InputStream in = resource.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new OrgChartException(List.of("組織図ファイルを読めません: " + properties.location()
          + " (" + e.getMessage() + ")"));
    }
  }
}
