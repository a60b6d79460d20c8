package jp.go.jica.approval.organization;

import java.security.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * 代理承認 on the platform pages: the absences in force and ahead, the deputies the chart allows, registering
 * one's own absence (an administrator: anyone's) and ending it early. The reason is shown only to the absent
 * person, the deputy and administrators.
 */
@RestController
class AbsenceController {

  private final Absences absences;
  private final OrgChartService charts;

  AbsenceController(Absences absences, OrgChartService charts) {
    this.absences = absences;
    this.charts = charts;
  }

  /** What the page's form sends; times as ISO date-times (a datetime-local field's value is read as Japan time). */
  record Registration(String person, String deputy, String from, String to, String reason) {
  }

  @GetMapping("/api/absences")
  List<Map<String, Object>> list(@RequestParam(defaultValue = "false") boolean all, Principal principal) {
    return absences.list(all).stream().map(a -> shown(a, principal.getName())).toList();
  }

  @GetMapping("/api/absences/candidates")
  Map<String, Object> candidates(@RequestParam(required = false) String person, Principal principal) {
    OrgChart chart = charts.current();
    String user = principal.getName();
    String whom = person == null || person.isBlank() ? user : person.trim();
    if (!whom.equals(user) && !chart.administrators().contains(user)) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "不在者: 他の職員の代理者候補は管理者だけが見られます");
    }
    if (chart.person(whom).isEmpty()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "不在者: '" + whom + "' は組織図にいない職員です");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("person", whom);
    body.put("personName", Absences.name(chart, whom));
    body.put("decides", absences.decides(whom));
    body.put("administrator", chart.administrators().contains(user));
    body.put("deputies", chart.allowedDeputies(whom).stream().map(id -> chart.person(id).map(p -> Map.of(
        "id", p.id(), "name", p.name(), "position", p.position())).orElse(Map.of("id", id, "name", id, "position", "")))
        .toList());
    return body;
  }

  @PostMapping("/api/absences")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, Object> register(@RequestBody Registration registration, Principal principal) {
    Instant from = time(registration.from(), "期間（開始）");
    Instant to = time(registration.to(), "期間（終了）");
    Absences.Absence absence = absences.register(principal.getName(), registration.person(), registration.deputy(),
        from, to, registration.reason());
    return shown(absence, principal.getName());
  }

  @PostMapping("/api/absences/{id}/end")
  Map<String, Object> end(@PathVariable long id, Principal principal) {
    return shown(absences.end(principal.getName(), id), principal.getName());
  }

  private Map<String, Object> shown(Absences.Absence a, String user) {
    OrgChart chart = charts.current();
    boolean mayReadReason = user.equals(a.person()) || user.equals(a.deputy()) || chart.administrators().contains(user);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", a.id());
    row.put("person", a.person());
    row.put("personName", Absences.name(chart, a.person()));
    row.put("deputy", a.deputy());
    row.put("deputyName", Absences.name(chart, a.deputy()));
    row.put("from", a.from().toString());
    row.put("to", a.to().toString());
    row.put("period", a.period());
    row.put("reason", mayReadReason ? a.reason() : "");
    row.put("registeredBy", a.registeredBy());
    row.put("onBehalf", !a.registeredBy().equals(a.person()));
    row.put("registeredAt", a.registeredAt().toString());
    row.put("endedEarlyAt", a.cancelledAt() == null ? null : a.cancelledAt().toString());
    row.put("active", a.activeAt(Instant.now()));
    return row;
  }

  /** A date-time as the form or a client sends it, in Japan time unless it says its offset; a bare date is that day's start. */
  static Instant time(String value, String label) {
    if (value == null || value.isBlank()) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, label + ": 日時を指定してください");
    }
    String text = value.trim();
    try {
      if (text.endsWith("Z")) {
        return Instant.parse(text);
      }
      if (text.matches(".*[+-]\\d\\d:\\d\\d$")) {
        return OffsetDateTime.parse(text).toInstant();
      }
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(Absences.JAPAN).toInstant();
      }
      return LocalDateTime.parse(text).atZone(Absences.JAPAN).toInstant();
    } catch (DateTimeParseException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, label + ": 日時は 2026-12-03T09:00 の形式で指定してください");
    }
  }
}
