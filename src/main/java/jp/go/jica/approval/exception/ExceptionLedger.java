package jp.go.jica.approval.exception;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.go.jica.approval.ledger.LedgerRows;
import jp.go.jica.approval.ledger.VisibilityRule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * 例外措置適用審査記録の台帳 (Art. 24-2, 25-3). Written by the process's delegates inside the engine
 * transaction, so no decision is committed without its ledger line.
 */
@Repository
class ExceptionLedger {

  static final String UNDER_REVIEW = "審査中";
  static final String APPROVED = "承認";
  static final String REJECTED = "却下";
  static final String SENT_BACK = "差戻し";
  static final String ENDED = "終了";
  static final String RENEWED = "更新済み";
  static final String STOPPED = "逸脱停止確認済み";
  static final String EXPIRED = "期間満了";
  /** Art. 20-2: the applicant left while the exception was in force; the authorizer confirms its end. */
  static final String LEFT_AWAITING_END = "退職（終了確認待ち）";
  static final String LEFT_ENDED = "退職により終了";
  static final String LEFT_UNDECIDED = "退職により終了（審査中止）";
  /** Art. 25-1 proviso: a post-facto notice filed later than the platform's "promptly". */
  static final String LATE = "遅延";

  private final JdbcTemplate jdbc;

  ExceptionLedger(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** A new application; returns its ledger number (EX-year-id). */
  String register(Application a) {
    jdbc.update("insert into apr_exception_ledger (process_instance_id, applicant_id, applicant_name, department_id, "
            + "department_name, rule_reference, rule_text, reason, alternative_measure, scope_description, "
            + "confidentiality, integrity, availability, period_from, period_to, post_facto, deviation_started, "
            + "urgency_reason, status, versions, renewal_of, renewal_count, created_at) "
            + "values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        a.processInstanceId(), a.applicantId(), a.applicantName(), a.departmentId(), a.departmentName(),
        a.ruleReference(), a.ruleText(), a.reason(), a.alternativeMeasure(), a.scopeDescription(),
        a.confidentiality(), a.integrity(), a.availability(), Date.valueOf(a.periodFrom()), Date.valueOf(a.periodTo()),
        a.postFacto(), a.deviationStarted() == null ? null : Date.valueOf(a.deviationStarted()), a.urgencyReason(),
        UNDER_REVIEW, 1, a.renewalOf(), a.renewalCount(), now());
    return LedgerRows.assignNumber(jdbc, "apr_exception_ledger", "ledger_number", "EX", a.processInstanceId());
  }

  void recordDecision(String processInstanceId, String decision, String status, String conditions,
      String authorizerId, String authorizerName, String escalationReason) {
    jdbc.update("update apr_exception_ledger set decision = ?, status = ?, conditions = ?, authorizer_id = ?, "
            + "authorizer_name = ?, escalation_reason = ?, decided_at = ? where process_instance_id = ?",
        decision, status, conditions, authorizerId, authorizerName, escalationReason, now(), processInstanceId);
  }

  /** A resubmission after 差戻し: the previous version is kept, the entry shows the new one. */
  int recordRevision(String processInstanceId, String previousSnapshot, Application revised) {
    int version = jdbc.queryForObject("select versions from apr_exception_ledger where process_instance_id = ?",
        Integer.class, processInstanceId);
    jdbc.update("insert into apr_exception_version (process_instance_id, version, snapshot, created_at) "
        + "values (?,?,?,?)", processInstanceId, version, previousSnapshot, now());
    jdbc.update("update apr_exception_ledger set versions = ?, status = ?, rule_reference = ?, rule_text = ?, "
            + "reason = ?, alternative_measure = ?, scope_description = ?, confidentiality = ?, integrity = ?, "
            + "availability = ?, period_from = ?, period_to = ? where process_instance_id = ?",
        version + 1, UNDER_REVIEW, revised.ruleReference(), revised.ruleText(), revised.reason(),
        revised.alternativeMeasure(), revised.scopeDescription(), revised.confidentiality(), revised.integrity(),
        revised.availability(), Date.valueOf(revised.periodFrom()), Date.valueOf(revised.periodTo()), processInstanceId);
    return version + 1;
  }

  void markLate(String processInstanceId) {
    jdbc.update("update apr_exception_ledger set notice_timeliness = ? where process_instance_id = ?", LATE,
        processInstanceId);
  }

  LocalDate periodTo(String processInstanceId) {
    return jdbc.queryForObject("select period_to from apr_exception_ledger where process_instance_id = ?",
        java.sql.Date.class, processInstanceId).toLocalDate();
  }

  String number(String processInstanceId) {
    return jdbc.queryForObject("select ledger_number from apr_exception_ledger where process_instance_id = ?",
        String.class, processInstanceId);
  }

  List<String> versions(String processInstanceId) {
    return jdbc.queryForList("select snapshot from apr_exception_version where process_instance_id = ? order by version",
        String.class, processInstanceId);
  }

  /** A state without anything else to record: expired, withdrawn, the applicant left… */
  void recordStatus(String processInstanceId, String status) {
    jdbc.update("update apr_exception_ledger set status = ? where process_instance_id = ?", status, processInstanceId);
  }

  /** The exception ended and the normal measures apply again (Art. 25). */
  void recordEnd(String processInstanceId) {
    stamped(processInstanceId, ENDED, "ended_at");
  }

  /** The exception ended by its renewal: the renewal's own entry carries on. */
  void recordRenewal(String processInstanceId) {
    stamped(processInstanceId, RENEWED, "ended_at");
  }

  /** The authorizer confirmed that the deviation stopped. */
  void recordStopConfirmed(String processInstanceId) {
    stamped(processInstanceId, STOPPED, "stop_confirmed_at");
  }

  /** @param stamp one of this class's own column names, never user input */
  private void stamped(String processInstanceId, String status, String stamp) {
    jdbc.update("update apr_exception_ledger set status = ?, " + stamp + " = ? where process_instance_id = ?",
        status, now(), processInstanceId);
  }

  /** The end of a leaver's exception, confirmed by someone in their place (Art. 20-2). */
  void recordLeaverEnd(String processInstanceId, String closedBy) {
    Timestamp now = now();
    jdbc.update("update apr_exception_ledger set status = ?, ended_at = ?, closed_by = ?, closed_at = ? "
        + "where process_instance_id = ?", LEFT_ENDED, now, closedBy, now, processInstanceId);
  }

  Optional<Entry> byNumber(String number) {
    return jdbc.query("select * from apr_exception_ledger where ledger_number = ?", Entry.ROW, number).stream()
        .findFirst();
  }

  /** Entries matching the filter and visible to the viewer, newest first. */
  List<Map<String, Object>> find(LedgerFilter filter, VisibilityRule.Visibility visibility, int limit) {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("select * from apr_exception_ledger where ").append(visibility.where(args));
    if (filter.status() != null) {
      sql.append(" and status = ?");
      args.add(filter.status());
    }
    if (filter.department() != null) {
      sql.append(" and department_id = ?");
      args.add(filter.department());
    }
    if (filter.applicant() != null) {
      sql.append(" and applicant_id = ?");
      args.add(filter.applicant());
    }
    if (filter.from() != null) {
      sql.append(" and created_at >= ?");
      args.add(Timestamp.valueOf(filter.from().atStartOfDay()));
    }
    if (filter.to() != null) {
      sql.append(" and created_at < ?");
      args.add(Timestamp.valueOf(filter.to().plusDays(1).atStartOfDay()));
    }
    sql.append(" order by id desc limit ?");
    args.add(limit);
    return jdbc.queryForList(sql.toString(), args.toArray());
  }

  /** Per authorizer: how many applications were decided how, since {@code since}. */
  List<Map<String, Object>> statusByAuthorizer(Instant since) {
    return jdbc.queryForList("select coalesce(authorizer_name, '（未判断）') as authorizer, status, count(*) as cnt "
        + "from apr_exception_ledger where created_at >= ? group by authorizer_name, status "
        + "order by authorizer_name, status", Timestamp.from(since));
  }

  void recordReport(String processInstanceId, String period, String text, boolean revisionNeeded, String notes,
      String reviewer) {
    jdbc.update("insert into apr_exception_report (process_instance_id, period_label, report_text, revision_needed, "
            + "revision_notes, reviewed_by, reviewed_at) values (?,?,?,?,?,?,?)", processInstanceId, period, text,
        revisionNeeded, notes, reviewer, now());
  }

  private static Timestamp now() {
    return Timestamp.from(Instant.now());
  }

  /** The application as the form captured it. */
  record Application(String processInstanceId, String applicantId, String applicantName, String departmentId,
      String departmentName, String ruleReference, String ruleText, String reason, String alternativeMeasure,
      String scopeDescription, int confidentiality, int integrity, int availability, LocalDate periodFrom,
      LocalDate periodTo, boolean postFacto, LocalDate deviationStarted, String urgencyReason, String renewalOf,
      int renewalCount) {

    /** What the reviewer sees of an earlier version. */
    String snapshot(int version) {
      return "第" + version + "版: 対象規定=" + ruleReference + " / 理由=" + reason + " / 代替措置=" + alternativeMeasure
          + " / 範囲=" + scopeDescription + " / 期間=" + periodFrom + "〜" + periodTo + " / 機密性" + confidentiality
          + "・完全性" + integrity + "・可用性" + availability;
    }
  }

  /** What the process needs to know of one entry. */
  record Entry(String ledgerNumber, String processInstanceId, String applicantId, String departmentId, String status,
      int renewalCount) {

    static final RowMapper<Entry> ROW = (rs, i) -> new Entry(rs.getString("ledger_number"),
        rs.getString("process_instance_id"), rs.getString("applicant_id"), rs.getString("department_id"),
        rs.getString("status"), rs.getInt("renewal_count"));
  }

  /** Ledger search criteria; nulls mean "any". */
  record LedgerFilter(String status, String department, String applicant, LocalDate from, LocalDate to) {
  }
}
