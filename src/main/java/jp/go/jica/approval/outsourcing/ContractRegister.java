package jp.go.jica.approval.outsourcing;

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

/** The contractor register, written by the process's delegates in the engine transaction. */
@Repository
class ContractRegister {

  static final String SPECIFYING = "仕様策定中";
  static final String SELECTING = "選定中";
  static final String CONTRACTING = "契約手続中";
  static final String UNDER_CONTRACT = "契約中";
  static final String SUSPENDED = "一時中断";
  static final String CLOSED = "終了（検収済み）";
  static final String CANCELLED = "中止";

  private final JdbcTemplate jdbc;

  ContractRegister(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  String register(String pid, String work, String departmentId, String departmentName, String applicantId,
      String applicantName, String systemWork, String informationProvided, int c, int i, int a, LocalDate from,
      LocalDate to) {
    jdbc.update("insert into apr_contract (process_instance_id, work_description, department_id, department_name, "
            + "applicant_id, applicant_name, system_work, information_provided, confidentiality, integrity, availability, "
            + "period_from, period_to, status, service_approved, checks, suspended, created_at) "
            + "values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", pid, work, departmentId, departmentName, applicantId,
        applicantName, systemWork, informationProvided, c, i, a, Date.valueOf(from), Date.valueOf(to), SPECIFYING,
        false, 0, false, now());
    return LedgerRows.assignNumber(jdbc, "apr_contract", "contract_number", "OS", pid);
  }

  void set(String pid, String column, Object value) {
    jdbc.update("update apr_contract set " + column + " = ? where process_instance_id = ?", value, pid);
  }

  void appendSubcontractor(String pid, String subcontractor) {
    String current = jdbc.queryForObject("select subcontractors from apr_contract where process_instance_id = ?",
        String.class, pid);
    set(pid, "subcontractors", current == null || current.isBlank() ? subcontractor : current + "、" + subcontractor);
  }

  void recordCheck(String pid, String finding) {
    jdbc.update("update apr_contract set checks = checks + 1, last_check_at = ?, last_finding = ? "
        + "where process_instance_id = ?", now(), finding, pid);
  }

  int addDocument(String pid, String content) {
    Integer last = jdbc.queryForObject("select max(version) from apr_contract_document where process_instance_id = ?",
        Integer.class, pid);
    int version = last == null ? 1 : last + 1;
    jdbc.update("insert into apr_contract_document (process_instance_id, version, content, submitted_at) "
        + "values (?,?,?,?)", pid, version, content, now());
    return version;
  }

  /** Who holds a named duty now and since when (Art. 20-2); {@code duty} is the column prefix. */
  void setHolder(String pid, String duty, String personId) {
    jdbc.update("update apr_contract set " + duty + "_id = ?, " + duty + "_since = ? where process_instance_id = ?",
        personId, now(), pid);
  }

  /** An entry of the contract's timeline: a contractor report (55-2(2), 59-2) or a duty hand-over (20-2). */
  void addEvent(String pid, String kind, String article, String summary, String recordedBy) {
    jdbc.update("insert into apr_contract_event (process_instance_id, kind, article, summary, recorded_by, recorded_at) "
        + "values (?,?,?,?,?,?)", pid, kind, article, summary, recordedBy, now());
  }

  /** Whether a successor was named for the duty ({@code contractOwner} or {@code serviceManager}) under Art. 20-2. */
  boolean handedOver(String pid, String duty) {
    Integer count = jdbc.queryForObject("select count(*) from apr_contract_event where process_instance_id = ? and kind = ?",
        Integer.class, pid, duty + "HandOver");
    return count != null && count > 0;
  }

  List<Map<String, Object>> timeline(String pid) {
    return jdbc.queryForList("select kind, article, summary, recorded_by, recorded_at from apr_contract_event "
        + "where process_instance_id = ? order by id", pid);
  }

  /** Contracts not yet closed out or cancelled, whose named duties must always have a holder in post. */
  List<Map<String, Object>> live() {
    return jdbc.queryForList("select process_instance_id, contract_number, department_id, service_manager_id "
        + "from apr_contract where status not in (?, ?) order by id", CLOSED, CANCELLED);
  }

  LocalDate periodTo(String pid) {
    return jdbc.queryForObject("select period_to from apr_contract where process_instance_id = ?", Date.class, pid)
        .toLocalDate();
  }

  Optional<Map<String, Object>> byNumber(String number) {
    return jdbc.queryForList("select * from apr_contract where contract_number = ?", number).stream().findFirst();
  }

  Optional<Map<String, Object>> byProcessInstance(String pid) {
    return jdbc.queryForList("select * from apr_contract where process_instance_id = ?", pid).stream().findFirst();
  }

  List<Map<String, Object>> search(VisibilityRule.Visibility visibility, String text, String status, int limit) {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("select * from apr_contract where ").append(visibility.where(args));
    if (text != null && !text.isBlank()) {
      sql.append(" and (lower(work_description) like ? or lower(contractor) like ?)");
      String like = "%" + text.trim().toLowerCase(java.util.Locale.ROOT) + "%";
      args.add(like);
      args.add(like);
    }
    if (status != null) {
      sql.append(" and status = ?");
      args.add(status);
    }
    sql.append(" order by id desc limit ?");
    args.add(limit);
    return jdbc.queryForList(sql.toString(), args.toArray());
  }

  static Timestamp now() {
    return Timestamp.from(Instant.now());
  }
}
