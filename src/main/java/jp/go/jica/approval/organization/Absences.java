package jp.go.jica.approval.organization;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * 代理承認: authorizers' absences and their deputies. An employee who decides anything (holds a role or is
 * someone's superior) registers their own absence and a deputy the org chart allows
 * ({@link OrgChart#allowedDeputies}); an administrator may register it on someone's behalf, recorded as such.
 * Routing asks who is absent now; {@link AbsenceChanged} tells it when an absence begins or ends.
 */
@Service
public class Absences {

  private static final Logger log = LoggerFactory.getLogger(Absences.class);
  static final int REASON_MAX = 1000;
  /** The agency reads and enters times in Japan time, wherever the server runs. */
  static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(JAPAN);

  /** The longest absence from now, in days: longer is a change of post, made in the org chart. */
  static final int MAX_DAYS = 366;

  private final JdbcTemplate jdbc;
  private final OrgChartService charts;
  private final ApplicationEventPublisher events;

  Absences(JdbcTemplate jdbc, OrgChartService charts, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.charts = charts;
    this.events = events;
  }

  /** One registered absence; {@code cancelledAt} is set when it was ended or cancelled early. */
  public record Absence(long id, String person, String deputy, Instant from, Instant to, String reason,
      String registeredBy, Instant registeredAt, String cancelledBy, Instant cancelledAt) {

    /** Whether the person is away at {@code at}: within the period and not ended early. */
    public boolean activeAt(Instant at) {
      return !from.isAfter(at) && to.isAfter(at) && (cancelledAt == null || cancelledAt.isAfter(at));
    }

    /** The period as the texts show it in Japan time, e.g. 2026/12/03 09:00〜2026/12/10 18:00. */
    public String period() {
      return SHOWN.format(from) + "〜" + SHOWN.format(to);
    }
  }

  /** Everyone away now, by person. */
  public Map<String, Absence> activeNow() {
    Instant now = Instant.now();
    Map<String, Absence> active = new LinkedHashMap<>();
    for (Absence absence : query("where cancelled_at is null and absent_from <= ? and absent_to > ? order by id",
        Timestamp.from(now), Timestamp.from(now))) {
      active.putIfAbsent(absence.person(), absence);
    }
    return active;
  }

  /** The absence in force for the person now, if any. */
  public Optional<Absence> activeFor(String personId) {
    return Optional.ofNullable(activeNow().get(personId));
  }

  /** Absences not yet over (current and future), or all of them, newest first. */
  public List<Absence> list(boolean includePast) {
    if (includePast) {
      return query("order by absent_from desc, id desc");
    }
    return query("where cancelled_at is null and absent_to > ? order by absent_from, id", Timestamp.from(Instant.now()));
  }

  public Optional<Absence> find(long id) {
    return query("where id = ?", id).stream().findFirst();
  }

  /** Whether the person decides anything the routing can give them: holds a role or is someone's superior. */
  public boolean decides(String personId) {
    OrgChart chart = charts.current();
    if (chart.person(personId).isEmpty()) {
      return false;
    }
    return !chart.rolesOf(personId).isEmpty() || chart.people().stream()
        .anyMatch(p -> chart.superiorOf(p.id()).filter(personId::equals).isPresent());
  }

  /**
   * Registers an absence, refused with a 4xx naming the field: only one's own unless an administrator, only
   * for someone who decides anything, a deputy the chart allows, a period that ends after it starts and has
   * not ended, no overlap with another absence of the same person.
   */
  // synchronized: the overlap check and the insert are one step on this node (two requests at once must not both pass)
  public synchronized Absence register(String user, String personId, String deputyId, Instant from, Instant to,
      String reason) {
    OrgChart chart = charts.current();
    boolean administrator = chart.administrators().contains(user);
    String person = personId == null || personId.isBlank() ? user : personId.trim();
    if (!person.equals(user) && !administrator) {
      throw refused(HttpStatus.FORBIDDEN, "不在者: 他の職員の不在は管理者だけが登録できます");
    }
    if (chart.person(person).isEmpty()) {
      throw refused(HttpStatus.BAD_REQUEST, "不在者: '" + person + "' は組織図にいない職員です");
    }
    if (!decides(person)) {
      throw refused(HttpStatus.BAD_REQUEST, "不在者: " + name(chart, person)
          + " は許可権限者ではないため、代理者を登録する必要はありません");
    }
    boolean ciso = chart.organizationHolder(Role.CISO).filter(person::equals).isPresent();
    Optional<String> deputyCiso = chart.organizationHolder(Role.DEPUTY_CISO).filter(d -> !d.equals(person));
    if ((deputyId == null || deputyId.isBlank()) && !(ciso && deputyCiso.isPresent())) {
      throw refused(HttpStatus.BAD_REQUEST, "代理者: 代理者を選んでください");
    }
    // The CISO's deputy is the deputy-ciso unless the CISO names another (Art. 9-2).
    String deputy = deputyId == null || deputyId.isBlank() ? deputyCiso.orElseThrow() : deputyId.trim();
    if (!chart.allowedDeputies(person).contains(deputy)) {
      throw refused(HttpStatus.BAD_REQUEST, "代理者: '" + deputy + "' は組織図上 " + name(chart, person)
          + " の代理者になれません（同じ課等の同職位以上の職員、または上司を選んでください）");
    }
    if (from == null || to == null) {
      throw refused(HttpStatus.BAD_REQUEST, "期間: 開始と終了の日時を指定してください");
    }
    if (!to.isAfter(from)) {
      throw refused(HttpStatus.BAD_REQUEST, "期間: 終了は開始より後にしてください");
    }
    Instant now = Instant.now();
    if (!to.isAfter(now)) {
      throw refused(HttpStatus.BAD_REQUEST, "期間: 終了がすでに過ぎています");
    }
    // An absence is a trip or leave, not a posting (that is a change of the org chart): within a year from now.
    if (from.isBefore(now.minus(java.time.Duration.ofDays(1)))) {
      throw refused(HttpStatus.BAD_REQUEST, "期間: 開始は現在より1日以上前にできません");
    }
    if (to.isAfter(now.plus(java.time.Duration.ofDays(MAX_DAYS)))) {
      throw refused(HttpStatus.BAD_REQUEST, "期間: 終了は現在から" + MAX_DAYS + "日以内にしてください（長期の異動は組織図で）");
    }
    // whole seconds: what the page shows and compares, the same on every database
    from = from.truncatedTo(ChronoUnit.SECONDS);
    to = to.truncatedTo(ChronoUnit.SECONDS);
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty()) {
      throw refused(HttpStatus.BAD_REQUEST, "理由: 不在の理由を入力してください");
    }
    if (why.length() > REASON_MAX) {
      throw refused(HttpStatus.BAD_REQUEST, "理由: " + REASON_MAX + "文字以内で入力してください");
    }
    Integer overlapping = jdbc.queryForObject("select count(*) from apr_absence where person_id = ? "
        + "and cancelled_at is null and absent_from < ? and absent_to > ?", Integer.class, person,
        // what is already over does not count: only the part from now can be in force twice
        Timestamp.from(to), Timestamp.from(from.isAfter(now) ? from : now));
    if (overlapping != null && overlapping > 0) {
      throw refused(HttpStatus.CONFLICT, "期間: " + name(chart, person) + " の不在がこの期間にすでに登録されています");
    }
    jdbc.update("insert into apr_absence (person_id, deputy_id, absent_from, absent_to, reason, registered_by, "
            + "registered_at) values (?, ?, ?, ?, ?, ?, ?)", person, deputy, Timestamp.from(from), Timestamp.from(to),
        why, user, Timestamp.from(now));
    Absence absence = query("where person_id = ? order by id desc", person).get(0);
    log.info("Absence {} of {} registered by {}: deputy {}, {}", absence.id(), person, user, deputy, absence.period());
    events.publishEvent(new AbsenceRegistered(absence));
    applyDue(user);
    return absence;
  }

  /**
   * Ends an absence now (or cancels one not yet begun): by the absent person or an administrator. Undecided
   * tasks the deputy holds for them go back.
   */
  public Absence end(String user, long id) {
    Absence absence = find(id).orElseThrow(() -> refused(HttpStatus.NOT_FOUND, "不在: 登録がありません（" + id + "）"));
    if (!absence.person().equals(user) && !charts.current().administrators().contains(user)) {
      throw refused(HttpStatus.FORBIDDEN, "不在: 他の職員の不在は管理者だけが終了できます");
    }
    Instant now = Instant.now();
    if (absence.cancelledAt() != null || !absence.to().isAfter(now)) {
      throw refused(HttpStatus.CONFLICT, "不在: すでに終了しています");
    }
    jdbc.update("update apr_absence set cancelled_by = ?, cancelled_at = ? where id = ? and cancelled_at is null",
        user, Timestamp.from(now), id);
    log.info("Absence {} of {} ended by {}", id, absence.person(), user);
    applyDue(user);
    return find(id).orElseThrow();
  }

  /**
   * Announces every absence whose start or end has passed and was not yet announced, once each: a scheduled
   * check, so that an absence registered ahead moves the tasks when it begins and back when it ends.
   */
  @Scheduled(fixedDelayString = "${approval.absences.check-interval:PT1M}", initialDelayString = "PT30S")
  public void applyDue() {
    applyDue("system");
  }

  synchronized void applyDue(String by) {
    Timestamp now = Timestamp.from(Instant.now());
    // Ends first: a person back from one absence and away on the next is handled in that order.
    for (Absence ended : query("where start_applied_at is not null and end_applied_at is null "
        + "and (absent_to <= ? or cancelled_at is not null)", now)) {
      if (jdbc.update("update apr_absence set end_applied_at = ? where id = ? and end_applied_at is null", now,
          ended.id()) == 1) {
        events.publishEvent(new AbsenceChanged(ended, AbsenceChanged.Kind.ENDED, by));
      }
    }
    // One cancelled before it began never moved anything.
    jdbc.update("update apr_absence set start_applied_at = ?, end_applied_at = ? where start_applied_at is null "
        + "and (cancelled_at is not null or absent_to <= ?)", now, now, now);
    for (Absence started : query("where start_applied_at is null and cancelled_at is null and absent_from <= ? "
        + "and absent_to > ?", now, now)) {
      if (jdbc.update("update apr_absence set start_applied_at = ? where id = ? and start_applied_at is null", now,
          started.id()) == 1) {
        events.publishEvent(new AbsenceChanged(started, AbsenceChanged.Kind.STARTED, by));
      }
    }
  }

  private List<Absence> query(String where, Object... args) {
    return jdbc.query("select id, person_id, deputy_id, absent_from, absent_to, reason, registered_by, registered_at, "
        + "cancelled_by, cancelled_at from apr_absence " + where, Absences::row, args);
  }

  private static Absence row(ResultSet rs, int i) throws SQLException {
    Timestamp cancelled = rs.getTimestamp(10);
    return new Absence(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
        rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
        rs.getString(9), cancelled == null ? null : cancelled.toInstant());
  }

  private static ResponseStatusException refused(HttpStatus status, String message) {
    return new ResponseStatusException(status, message);
  }

  static String name(OrgChart chart, String personId) {
    return chart.person(personId).map(Person::name).orElse(personId);
  }
}
