package jp.go.jica.approval.operations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * What the metrics and the health indicators report, read from the engine's and the platform's tables in one go
 * and kept for {@code approval.monitoring.cache}: a scrape or a probe every few seconds costs no query.
 */
@Component
class PlatformReadings {

  /** Mail states that are still to be sent (FAILED has given up and raised an incident). */
  static final List<String> UNSENT = List.of("PENDING", "RETRYING");

  private final JdbcTemplate jdbc;
  private final MonitoringSettings settings;
  private final Clock clock;
  private volatile Readings last;
  private final List<Consumer<Readings>> listeners = new CopyOnWriteArrayList<>();

  PlatformReadings(JdbcTemplate jdbc, MonitoringSettings settings) {
    this.jdbc = jdbc;
    this.settings = settings;
    this.clock = Clock.systemUTC();
  }

  /** Tells {@code listener} of every new reading, before anyone reads it. */
  void onRefresh(Consumer<Readings> listener) {
    listeners.add(listener);
  }

  /** The readings, read again when older than the cache time. */
  Readings current() {
    Readings readings = last;
    if (readings != null && readings.at().plus(settings.cache()).isAfter(clock.instant())) {
      return readings;
    }
    return refreshIfStale();
  }

  private synchronized Readings refreshIfStale() {
    Readings readings = last;
    if (readings != null && readings.at().plus(settings.cache()).isAfter(clock.instant())) {
      return readings; // another caller read them while this one waited
    }
    return refresh();
  }

  /** Reads everything now. */
  synchronized Readings refresh() {
    Readings readings;
    Instant now = clock.instant();
    long started = System.nanoTime();
    Timestamp nowStamp = Timestamp.from(now);
    Map<List<String>, Long> requests = grouped(
        "select d.key_, count(*) from act_ru_execution e join act_re_procdef d on d.id_ = e.proc_def_id_ "
            + "where e.id_ = e.proc_inst_id_ group by d.key_");
    Map<List<String>, Long> tasks = grouped(
        "select d.key_, t.task_def_key_, count(*) from act_ru_task t join act_re_procdef d on d.id_ = t.proc_def_id_ "
            + "group by d.key_, t.task_def_key_");
    Map<List<String>, Long> overdue = grouped(
        "select d.key_, t.task_def_key_, count(*) from act_ru_task t join act_re_procdef d on d.id_ = t.proc_def_id_ "
            + "where t.due_date_ < ? group by d.key_, t.task_def_key_", nowStamp);
    Map<List<String>, Long> incidents = grouped(
        "select coalesce(d.key_, 'none'), i.incident_type_, count(*) from act_ru_incident i "
            + "left join act_re_procdef d on d.id_ = i.proc_def_id_ group by d.key_, i.incident_type_");
    // Due, unlocked, with retries left and not suspended: what the job executor should be running now.
    Map<String, Object> backlog = jdbc.queryForMap(
        "select count(*) as n, min(coalesce(duedate_, create_time_)) as oldest from act_ru_job "
            + "where (duedate_ is null or duedate_ <= ?) and (lock_exp_time_ is null or lock_exp_time_ < ?) "
            + "and retries_ > 0 and suspension_state_ = 1", nowStamp, nowStamp);
    Map<List<String>, Long> escalations = grouped(
        "select reason_code, count(*) from apr_routing_decision where reason_code <> 'DESIGNATED' group by reason_code");
    Map<List<String>, Long> mails = grouped("select status, count(*) from apr_mail_outbox "
        + "where status in ('PENDING', 'RETRYING', 'FAILED') group by status");
    Timestamp oldestUnsent = jdbc.queryForObject(
        "select min(created_at) from apr_mail_outbox where status in ('PENDING', 'RETRYING')", Timestamp.class);
    long chartFailures = jdbc.queryForObject(
        "select count(*) from apr_org_chart_load where outcome = 'REFUSED'", Long.class);
    List<String> lastChartOutcome = jdbc.queryForList(
        "select outcome from apr_org_chart_load order by id desc limit 1", String.class);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    readings = new Readings(now, requests, tasks, overdue, incidents, ((Number) backlog.get("n")).longValue(),
        age(now, (Timestamp) backlog.get("oldest")), escalations, mails, age(now, oldestUnsent), chartFailures,
        !lastChartOutcome.isEmpty() && "REFUSED".equals(lastChartOutcome.get(0)), took);
    for (Consumer<Readings> listener : listeners) {
      listener.accept(readings);
    }
    last = readings;
    return readings;
  }

  private Map<List<String>, Long> grouped(String sql, Object... args) {
    Map<List<String>, Long> counts = new HashMap<>();
    jdbc.query(sql, rs -> {
      int labels = rs.getMetaData().getColumnCount() - 1;
      String[] key = new String[labels];
      for (int i = 0; i < labels; i++) {
        String value = rs.getString(i + 1);
        key[i] = value == null ? "none" : value;
      }
      counts.put(List.of(key), rs.getLong(labels + 1));
    }, args);
    return counts;
  }

  /** How long ago {@code since} was; zero for none (and for a clock a little ahead on another node). */
  private static Duration age(Instant now, @Nullable Timestamp since) {
    if (since == null) {
      return Duration.ZERO;
    }
    Duration age = Duration.between(since.toInstant(), now);
    return age.isNegative() ? Duration.ZERO : age;
  }

  /**
   * One reading of everything; maps are keyed by their label values in the order the metric names them.
   *
   * @param openRequests running process instances by process key
   * @param openTasks open tasks by process key and task definition key
   * @param overdueTasks open tasks past their due date, likewise
   * @param incidents open engine incidents by process key ({@code none} for jobs outside a process) and type
   * @param jobBacklog jobs due now that no node has locked
   * @param oldestJob how long the oldest of them has been due
   * @param escalations routing decisions that moved a step away from its designated holder, by reason code
   * @param mails outbox rows by status (PENDING, RETRYING, FAILED)
   * @param oldestUnsentMail age of the oldest mail still to be sent
   * @param chartFailures refused org chart loads, ever
   * @param chartRefusedLast whether the latest load attempt was refused (the chart in force is older than the file)
   * @param took how long this reading took
   */
  record Readings(Instant at, Map<List<String>, Long> openRequests, Map<List<String>, Long> openTasks,
      Map<List<String>, Long> overdueTasks, Map<List<String>, Long> incidents, long jobBacklog, Duration oldestJob,
      Map<List<String>, Long> escalations, Map<List<String>, Long> mails, Duration oldestUnsentMail,
      long chartFailures, boolean chartRefusedLast, Duration took) {

    long incidentCount() {
      return incidents.values().stream().mapToLong(Long::longValue).sum();
    }

    long mails(String status) {
      return mails.getOrDefault(List.of(status), 0L);
    }
  }
}
