package jp.go.jica.approval.byod;

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
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The BYOD permit register and the CISO's Art. 94 switch. */
@Repository
class ByodRegister {

  static final String SWITCH = "byod.allowed";
  static final String UNDER_REVIEW = "審査中";
  static final String PERMITTED = "許可";
  static final String REJECTED = "却下";
  static final String EXPIRED = "期限切れ";
  static final String ENDED = "終了（消去確認済み）";
  /** Art. 20-2: the applicant left with a permit in force; the device-manager confirms the erasure. */
  static final String LEFT_AWAITING_ERASURE = "退職（消去確認待ち）";
  static final String LEFT_ENDED = "退職により終了（消去確認済み）";
  static final String LEFT_UNDECIDED = "退職により終了（審査中止）";
  /** Art. 94: the CISO switched personal devices off while the request was undecided. */
  static final String INTAKE_STOPPED = "受付停止により終了";

  /** The stages whose decider the register keeps, as column prefixes. */
  private static final java.util.Set<String> DECIDING_STAGES = java.util.Set.of("device_manager", "section_iso", "isso");

  private final JdbcTemplate jdbc;

  ByodRegister(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Boolean> allowed() {
    return jdbc.queryForList("select setting_value from apr_setting where setting_key = ?", String.class, SWITCH)
        .stream().findFirst().map(Boolean::parseBoolean);
  }

  void setAllowed(boolean allowed, String by) {
    int updated = jdbc.update("update apr_setting set setting_value = ?, updated_by = ?, updated_at = ? where setting_key = ?",
        String.valueOf(allowed), by, now(), SWITCH);
    if (updated == 0) {
      jdbc.update("insert into apr_setting (setting_key, setting_value, updated_by, updated_at) values (?,?,?,?)",
          SWITCH, String.valueOf(allowed), by, now());
    }
  }

  /** The CISO's decision on the switch, kept with who, why and when (Art. 94). */
  void recordSwitch(boolean allowed, String by, String byName, String reason, int endedRequests) {
    setAllowed(allowed, by);
    jdbc.update("insert into apr_byod_switch_change (allowed, changed_by, changed_by_name, reason, ended_requests, "
        + "changed_at) values (?,?,?,?,?,?)", allowed, by, byName, reason, endedRequests, now());
  }

  List<Map<String, Object>> switchChanges(int limit) {
    return jdbc.queryForList("select * from apr_byod_switch_change order by id desc limit ?", limit);
  }

  /** Permits in force, by department: what each device-manager must act on when the switch goes off. */
  List<LivePermit> livePermits() {
    return jdbc.query("select * from apr_byod_permit where status = ? order by department_id, permit_number",
        (rs, i) -> new LivePermit(rs.getString("permit_number"), rs.getString("applicant_name"),
            rs.getString("department_id"), rs.getString("department_name"), rs.getString("device_kind"),
            rs.getDate("period_from").toLocalDate(), rs.getDate("period_to").toLocalDate()), PERMITTED);
  }

  String register(Request r) {
    jdbc.update("insert into apr_byod_permit (process_instance_id, applicant_id, applicant_name, department_id, "
            + "department_name, device_kind, os_version, device_owner, purpose, information, confidentiality, integrity, "
            + "availability, internal_network, measures, period_from, period_to, status, device_manager_id, section_iso_id, "
            + "erased, created_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        r.processInstanceId(), r.applicantId(), r.applicantName(), r.departmentId(), r.departmentName(), r.deviceKind(),
        r.osVersion(), r.deviceOwner(), r.purpose(), r.information(), r.confidentiality(), r.integrity(),
        r.availability(), r.internalNetwork(), r.measures(), Date.valueOf(r.periodFrom()), Date.valueOf(r.periodTo()),
        UNDER_REVIEW, r.deviceManagerId(), r.sectionIsoId(), false, now());
    return LedgerRows.assignNumber(jdbc, "apr_byod_permit", "permit_number", "BY", r.processInstanceId());
  }

  /** A state without anything else to record: rejected, expired, withdrawn, the applicant left… */
  void recordStatus(String pid, String status) {
    update(pid, "status = ?", status);
  }

  /** Who decided at a stage ({@code device_manager}, {@code section_iso} or {@code isso}). */
  void recordDecidedBy(String pid, String stage, String person) {
    if (!DECIDING_STAGES.contains(stage)) {
      throw new IllegalArgumentException("no deciding stage: " + stage);
    }
    update(pid, stage + "_decided_by = ?", person);
  }

  /** The permit is granted (Art. 95). */
  void recordPermitted(String pid) {
    update(pid, "status = ?, approved_at = ?", PERMITTED, now());
  }

  /** The holder confirmed the procedure for using the device. */
  void recordProcedureAcknowledged(String pid) {
    update(pid, "procedure_acknowledged_at = ?", now());
  }

  /** The holder reported the agency's information erased from the device (Art. 97-4): the permit ends. */
  void recordErasure(String pid) {
    update(pid, "erased = ?, erased_at = ?, status = ?", true, now(), ENDED);
  }

  /** The device-manager confirmed a leaver's device erased, in the leaver's place (Art. 20-2). */
  void recordLeaverErasure(String pid, Object closedBy) {
    Timestamp now = now();
    update(pid, "erased = ?, erased_at = ?, closed_by = ?, closed_at = ?, status = ?", true, now, closedBy, now,
        LEFT_ENDED);
  }

  /** @param assignments this class's own SQL, never user input */
  private void update(String pid, String assignments, Object... values) {
    Object[] args = java.util.Arrays.copyOf(values, values.length + 1);
    args[values.length] = pid;
    jdbc.update("update apr_byod_permit set " + assignments + " where process_instance_id = ?", args);
  }

  /** Who completed the step's last decided task, from the routing record (not the designated holder). */
  Optional<String> decidedBy(String pid, String step) {
    return jdbc.queryForList("select decided_by from apr_routing_decision where process_instance_id = ? and step = ? "
            + "and decided_by is not null and decision <> 'conflict' order by id desc limit 1", String.class, pid, step)
        .stream().findFirst();
  }

  LocalDate periodTo(String pid) {
    return jdbc.queryForObject("select period_to from apr_byod_permit where process_instance_id = ?", Date.class, pid)
        .toLocalDate();
  }

  Optional<Entry> byNumber(String number) {
    return jdbc.query("select * from apr_byod_permit where permit_number = ?", Entry.ROW, number).stream().findFirst();
  }

  Optional<Entry> byProcessInstance(String pid) {
    return jdbc.query("select * from apr_byod_permit where process_instance_id = ?", Entry.ROW, pid).stream().findFirst();
  }

  /** The permits the viewer may see, newest first. */
  List<Map<String, Object>> find(VisibilityRule.Visibility visibility, int limit) {
    return LedgerRows.visible(jdbc, "apr_byod_permit", visibility, limit);
  }

  static Timestamp now() {
    return Timestamp.from(Instant.now());
  }

  /** The request as the start form captured it, with the department and its role holders from the org chart. */
  record Request(String processInstanceId, String applicantId, String applicantName, String departmentId,
      String departmentName, String deviceKind, String osVersion, String deviceOwner, String purpose,
      String information, int confidentiality, int integrity, int availability, boolean internalNetwork,
      String measures, LocalDate periodFrom, LocalDate periodTo, String deviceManagerId, String sectionIsoId) {
  }

  /** A permit in force, as its department's device-manager is told of it. */
  record LivePermit(String permitNumber, String applicantName, String departmentId, String departmentName,
      String deviceKind, LocalDate periodFrom, LocalDate periodTo) {
  }

  /** What the endpoints and the case page need to know of one permit. */
  record Entry(String permitNumber, String processInstanceId, String applicantId, String departmentId, String status) {

    static final RowMapper<Entry> ROW = (rs, i) -> new Entry(rs.getString("permit_number"),
        rs.getString("process_instance_id"), rs.getString("applicant_id"), rs.getString("department_id"),
        rs.getString("status"));
  }
}
