package jp.go.jica.approval.media;

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
  String register(CarryOut c) {
    String pid = c.processInstanceId();
    Object[] values = {c.mediaKind(), c.assetNumber(), c.information(), c.confidentiality(), c.integrity(),
        c.availability(), c.destination(), c.designatedAreaId(), Date.valueOf(c.carryOutOn()), Date.valueOf(c.returnOn()),
        c.purpose(), c.transportMethod(), c.encrypted()};
    int updated = jdbc.update("update apr_media_carry_out set media_kind = ?, asset_number = ?, information = ?, "
        + "confidentiality = ?, integrity = ?, availability = ?, destination = ?, designated_area_id = ?, carry_out_on = ?, "
        + "return_on = ?, purpose = ?, transport_method = ?, encrypted = ?, status = '" + REQUESTED + "' "
        + "where process_instance_id = ?", append(values, pid));
    if (updated == 0) {
      jdbc.update("insert into apr_media_carry_out (media_kind, asset_number, information, confidentiality, integrity, "
          + "availability, destination, designated_area_id, carry_out_on, return_on, purpose, transport_method, encrypted, "
          + "process_instance_id, applicant_id, applicant_name, department_id, department_name, status, information_erased, "
          + "lost, created_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", append(values, pid, c.applicantId(),
          c.applicantName(), c.departmentId(), c.departmentName(), REQUESTED, false, false, now()));
      LedgerRows.assignNumber(jdbc, "apr_media_carry_out", "log_number", "MD", pid);
    }
    return jdbc.queryForObject("select log_number from apr_media_carry_out where process_instance_id = ?", String.class, pid);
  }

  /** A state without anything else to record: rejected, withdrawn, the applicant left. */
  void recordStatus(String pid, String status) {
    update(pid, "status = ?", status);
  }

  /** The section-iso permitted the carry-out (Art. 47-1): the medium is out from now. */
  void recordPermission(String pid, Object permittedBy, Object designatedTransport) {
    update(pid, "permission = ?, permitted_by = ?, designated_transport = ?, status = ?", "section-iso", permittedBy,
        designatedTransport, CARRIED_OUT);
  }

  /** A carry-out the rules let go without permission ({@code permission}: record-only, none). */
  void recordCarriedOut(String pid, String permission) {
    update(pid, "permission = ?, status = ?", permission, CARRIED_OUT);
  }

  /** The medium came back (Art. 48-1), its information erased or not. */
  void recordReturn(String pid, boolean informationErased) {
    update(pid, "returned_at = ?, information_erased = ?, status = ?", now(), informationErased, RETURNED);
  }

  /** The section-iso confirmed a leaver's medium back, in the leaver's place (Art. 20-2). */
  void recordLeaverReturn(String pid, Object closedBy) {
    Timestamp now = now();
    update(pid, "returned_at = ?, closed_by = ?, closed_at = ?, status = ?", now, closedBy, now, LEFT_RETURNED);
  }

  /** The medium is lost (Art. 29) and reported to the CSIRT as the incident response {@code incidentNumber}. */
  void recordLoss(String pid, String incidentNumber) {
    update(pid, "lost = ?, status = ?, incident_number = ?", true, LOST, incidentNumber);
  }

  /** @param assignments this class's own SQL, never user input */
  private void update(String pid, String assignments, Object... values) {
    jdbc.update("update apr_media_carry_out set " + assignments + " where process_instance_id = ?", append(values, pid));
  }

  Optional<Entry> byNumber(String number) {
    return jdbc.query("select * from apr_media_carry_out where log_number = ?", Entry.ROW, number).stream().findFirst();
  }

  Optional<Entry> byProcessInstance(String pid) {
    return jdbc.query("select * from apr_media_carry_out where process_instance_id = ?", Entry.ROW, pid).stream()
        .findFirst();
  }

  LocalDate returnOn(String pid) {
    return jdbc.queryForObject("select return_on from apr_media_carry_out where process_instance_id = ?", Date.class, pid)
        .toLocalDate();
  }

  /** The carry-outs the viewer may see, newest first. */
  List<Map<String, Object>> find(VisibilityRule.Visibility visibility, int limit) {
    return LedgerRows.visible(jdbc, "apr_media_carry_out", visibility, limit);
  }

  /** An area the chief-iso designates now (Art. 47-1 proviso), by its code. */
  Optional<Area> area(String id) {
    return jdbc.query("select id, name, organization from apr_designated_area where id = ? and active = ?",
        (rs, i) -> new Area(rs.getString("id"), rs.getString("name"), rs.getString("organization")), id, true).stream()
        .findFirst();
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

  /** The request as the start form captured it, with the applicant's department from the org chart. */
  record CarryOut(String processInstanceId, String applicantId, String applicantName, String departmentId,
      String departmentName, String mediaKind, String assetNumber, String information, int confidentiality,
      int integrity, int availability, String destination, String designatedAreaId, LocalDate carryOutOn,
      LocalDate returnOn, String purpose, String transportMethod, boolean encrypted) {
  }

  /** A designated area: its code, its name and the body that controls it. */
  record Area(String id, String name, String organization) {
  }

  /** What the endpoints and the case page need to know of one carry-out. */
  record Entry(String logNumber, String processInstanceId, String applicantId, String departmentId, String status) {

    static final RowMapper<Entry> ROW = (rs, i) -> new Entry(rs.getString("log_number"),
        rs.getString("process_instance_id"), rs.getString("applicant_id"), rs.getString("department_id"),
        rs.getString("status"));
  }

  private static Object[] append(Object[] values, Object... more) {
    Object[] all = new Object[values.length + more.length];
    System.arraycopy(values, 0, all, 0, values.length);
    System.arraycopy(more, 0, all, values.length, more.length);
    return all;
  }
}
