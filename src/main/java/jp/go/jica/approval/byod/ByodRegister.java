package jp.go.jica.approval.byod;

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
  List<Map<String, Object>> livePermits() {
    return jdbc.queryForList("select * from apr_byod_permit where status = ? order by department_id, permit_number",
        PERMITTED);
  }

  String register(Map<String, Object> v) {
    jdbc.update("insert into apr_byod_permit (process_instance_id, applicant_id, applicant_name, department_id, "
            + "department_name, device_kind, os_version, device_owner, purpose, information, confidentiality, integrity, "
            + "availability, internal_network, measures, period_from, period_to, status, device_manager_id, section_iso_id, "
            + "erased, created_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        v.get("pid"), v.get("applicant"), v.get("applicantName"), v.get("departmentId"), v.get("departmentName"),
        v.get("deviceKind"), v.get("osVersion"), v.get("deviceOwner"), v.get("purpose"), v.get("information"),
        v.get("confidentiality"), v.get("integrity"), v.get("availability"), v.get("internalNetwork"), v.get("measures"),
        Date.valueOf((LocalDate) v.get("periodFrom")), Date.valueOf((LocalDate) v.get("periodTo")), UNDER_REVIEW,
        v.get("deviceManager"), v.get("sectionIso"), false, now());
    return LedgerRows.assignNumber(jdbc, "apr_byod_permit", "permit_number", "BY", (String) v.get("pid"));
  }

  void set(String pid, String column, Object value) {
    jdbc.update("update apr_byod_permit set " + column + " = ? where process_instance_id = ?", value, pid);
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

  Optional<Map<String, Object>> byNumber(String number) {
    return jdbc.queryForList("select * from apr_byod_permit where permit_number = ?", number).stream().findFirst();
  }

  Optional<Map<String, Object>> byProcessInstance(String pid) {
    return jdbc.queryForList("select * from apr_byod_permit where process_instance_id = ?", pid).stream().findFirst();
  }

  /** The permits the viewer may see, newest first. */
  List<Map<String, Object>> find(VisibilityRule.Visibility visibility, int limit) {
    List<Object> args = new ArrayList<>();
    String sql = "select * from apr_byod_permit where " + visibility.where(args) + " order by id desc limit ?";
    args.add(limit);
    return jdbc.queryForList(sql, args.toArray());
  }

  static Timestamp now() {
    return Timestamp.from(Instant.now());
  }
}
