package jp.go.jica.approval.incident;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.go.jica.approval.ledger.LedgerRows;
import jp.go.jica.approval.ledger.VisibilityRule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The incident register (Art. 29-9): one row per reported possible incident, and its timeline. */
@Repository
class IncidentRegister {

  static final String REPORTED = "評価待ち";
  static final String NOT_AN_INCIDENT = "インシデントではない";
  static final String RESPONDING = "対処中";
  static final String INVESTIGATING = "原因調査中";
  static final String CONFIRMING = "再発防止策の確認中";
  static final String SHARING_LESSONS = "教訓の共有中";
  static final String CLOSED = "対処完了";

  /** What the reporter told the CSIRT (Art. 29-1). */
  record Report(String processInstanceId, String reporterId, String reporterName, String reporterDepartmentId,
      String title, String whatHappened, LocalDate noticedOn, String systemsInvolved, String informationInvolved,
      int confidentiality, String personalInformation, boolean cyberAttackReported, String actionsTaken) {
  }

  /** The case that started the response: a lost medium or a contractor incident. */
  record Source(String processKey, String processInstanceId, String number) {
  }

  /** The CSIRT's evaluation (Art. 29-2). */
  record Evaluation(boolean incident, String evaluatedBy, String note, String responsibleDepartmentId,
      String responsibleIso, String causedBy, boolean cyberAttackSuspected, boolean personalInformationLeaked) {
  }

  private final JdbcTemplate jdbc;

  IncidentRegister(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Registers the report and returns its number (IN-yyyy-nnnnn). */
  String register(Report r, Optional<Source> source) {
    jdbc.update("insert into apr_incident (process_instance_id, reporter_id, reporter_name, reporter_department_id, title, "
            + "what_happened, noticed_on, systems_involved, information_involved, confidentiality, personal_information, "
            + "cyber_attack_reported, actions_taken, source_process_key, source_process_instance_id, source_number, status, "
            + "created_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        r.processInstanceId(), r.reporterId(), r.reporterName(), r.reporterDepartmentId(), r.title(), r.whatHappened(),
        r.noticedOn() == null ? null : Date.valueOf(r.noticedOn()), r.systemsInvolved(), r.informationInvolved(),
        r.confidentiality(), r.personalInformation(), r.cyberAttackReported(), r.actionsTaken(),
        source.map(Source::processKey).orElse(null), source.map(Source::processInstanceId).orElse(null),
        source.map(Source::number).orElse(null), REPORTED, now());
    return LedgerRows.assignNumber(jdbc, "apr_incident", "incident_number", "IN", r.processInstanceId());
  }

  void recordEvaluation(String pid, Evaluation e) {
    jdbc.update("update apr_incident set assessment = ?, evaluated_by = ?, evaluation_note = ?, responsible_department_id = ?, "
            + "responsible_iso = ?, caused_by = ?, cyber_attack_suspected = ?, personal_information_leaked = ?, status = ? "
            + "where process_instance_id = ?", e.incident() ? "incident" : "notIncident", e.evaluatedBy(), e.note(),
        e.responsibleDepartmentId(), e.responsibleIso(), e.causedBy(), e.cyberAttackSuspected(),
        e.personalInformationLeaked(), e.incident() ? RESPONDING : NOT_AN_INCIDENT, pid);
  }

  void recordCisoReported(String pid) {
    jdbc.update("update apr_incident set ciso_reported_at = ? where process_instance_id = ?", now(), pid);
  }

  void recordInvestigation(String pid, String cause, String proposal) {
    jdbc.update("update apr_incident set cause = ?, prevention_proposal = ?, status = ? where process_instance_id = ?",
        cause, proposal, CONFIRMING, pid);
  }

  void recordMeasures(String pid, String measures) {
    jdbc.update("update apr_incident set measures_ordered = ?, status = ? where process_instance_id = ?",
        measures, SHARING_LESSONS, pid);
  }

  void recordInvestigationRequested(String pid) {
    jdbc.update("update apr_incident set status = ? where process_instance_id = ?", INVESTIGATING, pid);
  }

  void close(String pid, String lessons) {
    jdbc.update("update apr_incident set lessons = ?, status = ?, closed_at = ? where process_instance_id = ?",
        lessons, CLOSED, now(), pid);
  }

  /** One line of the timeline: what happened, under which article, by whom. */
  void event(String pid, String kind, String article, String summary, String by) {
    jdbc.update("insert into apr_incident_event (process_instance_id, kind, article, summary, recorded_by, recorded_at) "
        + "values (?,?,?,?,?,?)", pid, kind, article, summary.length() > 8000 ? summary.substring(0, 8000) : summary, by, now());
  }

  List<Map<String, Object>> events(String pid) {
    return jdbc.queryForList("select kind, article, summary, recorded_by, recorded_at from apr_incident_event "
        + "where process_instance_id = ? order by id", pid);
  }

  Optional<Map<String, Object>> byNumber(String number) {
    return jdbc.queryForList("select * from apr_incident where incident_number = ?", number).stream().findFirst();
  }

  Optional<Map<String, Object>> byProcessInstance(String pid) {
    return jdbc.queryForList("select * from apr_incident where process_instance_id = ?", pid).stream().findFirst();
  }

  /** The incidents the viewer may see, newest first. */
  List<Map<String, Object>> find(VisibilityRule.Visibility visibility, int limit) {
    return LedgerRows.visible(jdbc, "apr_incident", visibility, limit);
  }

  static Timestamp now() {
    return Timestamp.from(Instant.now());
  }
}
