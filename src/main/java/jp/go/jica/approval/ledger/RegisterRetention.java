package jp.go.jica.approval.ledger;

import java.sql.Timestamp;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The registers' retention the agency sets ({@code approval.registers.retention.all} and
 * {@code approval.registers.retention.<register>}, ISO periods such as {@code P30Y}; none set: kept for ever).
 * Every case's end is recorded in {@code apr_case_end} ({@link CaseEndPlugin}); at the
 * start of the nightly history cleanup window the lines of cases that ended longer ago than their register's
 * retention are deleted, never a line of a case still running. Camunda's history cleanup never touches the
 * registers.
 */
@Component
@EnableScheduling
class RegisterRetention implements SchedulingConfigurer {

  /** The setting that applies to every register without one of its own. */
  static final String ALL = "all";

  /**
   * Each register's tables, its details before its main table. Every table is keyed by the case's
   * {@code process_instance_id}. A new register adds its tables here (checked at start against the registers).
   */
  static final Map<String, List<String>> TABLES = Map.of(
      "exceptions", List.of("apr_exception_version", "apr_exception_report", "apr_exception_ledger"),
      "cloud", List.of("apr_cloud_service"),
      "contracts", List.of("apr_contract_document", "apr_contract_event", "apr_contract"),
      "byod", List.of("apr_byod_permit"),
      "media", List.of("apr_media_carry_out"),
      "incidents", List.of("apr_incident_event", "apr_incident"));

  private static final Logger log = LoggerFactory.getLogger(RegisterRetention.class);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;
  private final Map<String, Period> retention;
  private final LocalTime windowStart;

  RegisterRetention(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Environment environment,
      List<RegisterView> registers, @Value("${approval.history-cleanup.window-start:22:00}") String windowStart) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactionManager);
    List<String> unknown = registers.stream().map(RegisterView::key).filter(key -> !TABLES.containsKey(key)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalStateException("RegisterRetention.TABLES has no tables for the registers " + unknown);
    }
    this.retention = parse(Binder.get(environment)
        .bind("approval.registers.retention", Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
    this.windowStart = LocalTime.parse(windowStart);
  }

  /** The settings as periods by register key ({@link #ALL} for the rest); refuses unknown registers and bad periods. */
  static Map<String, Period> parse(Map<String, String> settings) {
    Map<String, Period> periods = new LinkedHashMap<>();
    settings.forEach((key, value) -> {
      if (!key.equals(ALL) && !TABLES.containsKey(key)) {
        throw new IllegalArgumentException("approval.registers.retention." + key + ": no such register (one of "
            + ALL + ", " + String.join(", ", TABLES.keySet().stream().sorted().toList()) + ")");
      }
      if (value == null || value.isBlank()) {
        return; // blank: kept for ever
      }
      try {
        Period period = Period.parse(value.trim());
        if (period.isNegative() || period.isZero()) {
          throw new IllegalArgumentException("approval.registers.retention." + key + ": " + value + " is not a positive period");
        }
        periods.put(key, period);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("approval.registers.retention." + key + ": " + value
            + " is no ISO period such as P30Y", e);
      }
    });
    return Collections.unmodifiableMap(periods);
  }

  /** The retention of each register that has one, as configured. */
  Map<String, Period> configured() {
    return retention;
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    // the start of Camunda's history cleanup window, in the same (the server's) time zone
    registrar.addCronTask(() -> purge(ZonedDateTime.now(), retention),
        "0 " + windowStart.getMinute() + " " + windowStart.getHour() + " * * *");
  }

  /**
   * Deletes the lines of every register with a retention whose case ended before {@code now} minus it and runs no
   * more; returns the deleted main-table lines by register. Cases ended before the platform recorded ends get
   * their end from Camunda's history while it still has them.
   */
  Map<String, Integer> purge(ZonedDateTime now, Map<String, Period> retention) {
    Map<String, Integer> deleted = new LinkedHashMap<>();
    if (retention.isEmpty()) {
      return deleted;
    }
    transaction.executeWithoutResult(status -> jdbc.update("insert into apr_case_end (process_instance_id, process_key, "
        + "ended_at) select h.proc_inst_id_, h.proc_def_key_, h.end_time_ from act_hi_procinst h where h.end_time_ is not null "
        + "and not exists (select 1 from apr_case_end e where e.process_instance_id = h.proc_inst_id_)"));
    for (String register : TABLES.keySet().stream().sorted().toList()) {
      Period period = retention.getOrDefault(register, retention.get(ALL));
      if (period == null) {
        continue;
      }
      Timestamp cutoff = Timestamp.from(now.minus(period).toInstant());
      Integer lines = transaction.execute(status -> {
        int main = 0;
        for (String table : TABLES.get(register)) {
          main = jdbc.update("delete from " + table + " where process_instance_id in (select e.process_instance_id "
              + "from apr_case_end e where e.ended_at < ? and not exists (select 1 from act_ru_execution x "
              + "where x.proc_inst_id_ = e.process_instance_id))", cutoff);
        }
        return main;
      });
      deleted.put(register, lines);
      if (lines != null && lines > 0) {
        log.info("Register retention: deleted {} lines of register {} whose cases ended before {} ({})", lines,
            register, cutoff.toInstant(), period);
      }
    }
    return deleted;
  }
}
