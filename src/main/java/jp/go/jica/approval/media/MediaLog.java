package jp.go.jica.approval.media;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.go.jica.approval.ledger.LedgerRows;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The carry-out log and the chief-iso's designated areas. */
@Repository
class MediaLog {

  static final String REQUESTED = "申請中";
  static final String CARRIED_OUT = "持出し中";
  static final String REJECTED = "却下";
  static final String RETURNED = "返却済み";
  static final String LOST = "紛失";
  /** Art. 20-2: the applicant left with the medium out; the section-iso confirms its return. */
  static final String LEFT_AWAITING_RETURN = "退職（返却確認待ち）";
  static final String LEFT_RETURNED = "退職により終了（返却確認済み）";
  static final String LEFT_UNDECIDED = "退職により終了（審査中止）";

  private final JdbcTemplate jdbc;

  MediaLog(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Registers the request, or replaces it after a resubmission; returns the log number. */
  String register(Map<String, Object> v) {
    String pid = (String) v.get("pid");
    Object[] values = {v.get("mediaKind"), v.get("assetNumber"), v.get("information"), v.get("confidentiality"),
        v.get("integrity"), v.get("availability"), v.get("destination"), v.get("designatedAreaId"),
        Date.valueOf((LocalDate) v.get("carryOutOn")), Date.valueOf((LocalDate) v.get("returnOn")), v.get("purpose"),
        v.get("transportMethod"), v.get("encrypted")};
    int updated = jdbc.update("update apr_media_carry_out set media_kind = ?, asset_number = ?, information = ?, "
        + "confidentiality = ?, integrity = ?, availability = ?, destination = ?, designated_area_id = ?, carry_out_on = ?, "
        + "return_on = ?, purpose = ?, transport_method = ?, encrypted = ?, status = '" + REQUESTED + "' "
        + "where process_instance_id = ?", append(values, pid));
    if (updated == 0) {
      jdbc.update("insert into apr_media_carry_out (media_kind, asset_number, information, confidentiality, integrity, "
          + "availability, destination, designated_area_id, carry_out_on, return_on, purpose, transport_method, encrypted, "
          + "process_instance_id, applicant_id, applicant_name, department_id, department_name, status, information_erased, "
          + "lost, created_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", append(values, pid, v.get("applicant"),
          v.get("applicantName"), v.get("departmentId"), v.get("departmentName"), REQUESTED, false, false, now()));
      LedgerRows.assignNumber(jdbc, "apr_media_carry_out", "log_number", "MD", pid);
    }
    return jdbc.queryForObject("select log_number from apr_media_carry_out where process_instance_id = ?", String.class, pid);
  }

  void set(String pid, String column, Object value) {
    jdbc.update("update apr_media_carry_out set " + column + " = ? where process_instance_id = ?", value, pid);
  }

  Optional<Map<String, Object>> byNumber(String number) {
    return jdbc.queryForList("select * from apr_media_carry_out where log_number = ?", number).stream().findFirst();
  }

  Optional<Map<String, Object>> byProcessInstance(String pid) {
    return jdbc.queryForList("select * from apr_media_carry_out where process_instance_id = ?", pid).stream().findFirst();
  }

  LocalDate returnOn(String pid) {
    return jdbc.queryForObject("select return_on from apr_media_carry_out where process_instance_id = ?", Date.class, pid)
        .toLocalDate();
  }

  List<Map<String, Object>> find(boolean all, String user, List<String> departments, int limit) {
    StringBuilder sql = new StringBuilder("select * from apr_media_carry_out");
    List<Object> args = new ArrayList<>();
    if (!all) {
      sql.append(" where (applicant_id = ?");
      args.add(user);
      for (String department : departments) {
        sql.append(" or department_id = ?");
        args.add(department);
      }
      sql.append(")");
    }
    sql.append(" order by id desc limit ?");
    args.add(limit);
    return jdbc.queryForList(sql.toString(), args.toArray());
  }

  Optional<Map<String, Object>> area(String id) {
    return jdbc.queryForList("select * from apr_designated_area where id = ? and active = ?", id, true).stream().findFirst();
  }

  List<Map<String, Object>> areas() {
    return jdbc.queryForList("select * from apr_designated_area where active = ? order by id", true);
  }

  void designate(String id, String name, String organization, String address, String by) {
    int updated = jdbc.update("update apr_designated_area set name = ?, organization = ?, address = ?, active = ?, "
        + "designated_by = ?, designated_at = ? where id = ?", name, organization, address, true, by, now(), id);
    if (updated == 0) {
      jdbc.update("insert into apr_designated_area (id, name, organization, address, active, designated_by, designated_at) "
          + "values (?,?,?,?,?,?,?)", id, name, organization, address, true, by, now());
    }
    recordChange(id, "designate", name, organization, by);
  }

  boolean withdraw(String id, String by) {
    boolean withdrawn = jdbc.update("update apr_designated_area set active = ? where id = ?", false, id) > 0;
    if (withdrawn) {
      recordChange(id, "withdraw", null, null, by);
    }
    return withdrawn;
  }

  List<Map<String, Object>> areaChanges(String id) {
    return jdbc.queryForList("select * from apr_designated_area_change where area_id = ? order by id", id);
  }

  private void recordChange(String id, String action, String name, String organization, String by) {
    jdbc.update("insert into apr_designated_area_change (area_id, action, name, organization, changed_by, changed_at) "
        + "values (?,?,?,?,?,?)", id, action, name, organization, by, now());
  }

  static Timestamp now() {
    return Timestamp.from(Instant.now());
  }

  private static Object[] append(Object[] values, Object... more) {
    Object[] all = new Object[values.length + more.length];
    System.arraycopy(values, 0, all, 0, values.length);
    System.arraycopy(more, 0, all, values.length, more.length);
    return all;
  }
}
