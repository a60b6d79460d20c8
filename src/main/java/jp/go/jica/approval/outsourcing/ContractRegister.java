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
import org.springframework.jdbc.core.RowMapper;
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

  String register(Request r) {
    jdbc.update("insert into apr_contract (process_instance_id, work_description, department_id, department_name, "
            + "applicant_id, applicant_name, system_work, information_provided, confidentiality, integrity, availability, "
            + "period_from, period_to, status, service_approved, checks, suspended, created_at) "
            + "values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", r.processInstanceId(), r.workDescription(),
        r.departmentId(), r.departmentName(), r.applicantId(), r.applicantName(), r.systemWork(),
        r.informationProvided(), r.confidentiality(), r.integrity(), r.availability(), Date.valueOf(r.periodFrom()),
        Date.valueOf(r.periodTo()), SPECIFYING, false, 0, false, now());
    return LedgerRows.assignNumber(jdbc, "apr_contract", "contract_number", "OS", r.processInstanceId());
  }

  /** A state without anything else to record: cancelled, withdrawn. */
  void recordStatus(String pid, String status) {
    update(pid, "status = ?", status);
  }

  /** The specification passed (Art. 54-1): the judgement against the entrustment criteria; selection starts. */
  void recordSpecification(String pid, String entrustmentJudgement) {
    update(pid, "entrustment_judgement = ?, status = ?", entrustmentJudgement, SELECTING);
  }

  /** The contractor chosen (Art. 54-2), how, and whether the proposal meets the specification. */
  void recordSelection(String pid, String contractor, String selectionRecord, String proposalCompliance) {
    update(pid, "contractor = ?, selection_record = ?, proposal_compliance = ?, status = ?", contractor, selectionRecord,
        proposalCompliance, CONTRACTING);
  }

  /** The outsourced service approved (Art. 60), with its service-manager. */
  void recordServiceApproval(String pid, String serviceManager) {
    update(pid, "service_approved = ?", true);
    setHolder(pid, "service_manager", serviceManager);
  }

  /** The contract signed (Art. 54-3, 54-4): dates and the information handling procedure; it runs from now. */
  void recordContract(String pid, LocalDate contractDate, LocalDate ndaDate, String handlingProcedure) {
    update(pid, "contract_date = ?, nda_date = ?, handling_procedure = ?, status = ?", Date.valueOf(contractDate),
        ndaDate == null ? null : Date.valueOf(ndaDate), handlingProcedure, UNDER_CONTRACT);
  }

  /** The response to a contractor's incident (Art. 55-1(3)): the work suspended or going on. */
  void recordIncidentResponse(String pid, boolean suspend, String response) {
    update(pid, "suspended = ?, incident_response = ?, status = ?", suspend, response,
        suspend ? SUSPENDED : UNDER_CONTRACT);
  }

  /** The contractor's incident went to the CSIRT as the incident response {@code incidentNumber} (Art. 29-1). */
  void recordIncidentNumber(String pid, String incidentNumber) {
    update(pid, "incident_number = ?", incidentNumber);
  }

  /** The work accepted (Art. 56): the contract is closed out. */
  void recordCloseOut(String pid) {
    update(pid, "status = ?, closed_out_at = ?", CLOSED, now());
  }

  void appendSubcontractor(String pid, String subcontractor) {
    String current = jdbc.queryForObject("select subcontractors from apr_contract where process_instance_id = ?",
        String.class, pid);
    update(pid, "subcontractors = ?", current == null || current.isBlank() ? subcontractor : current + "、" + subcontractor);
  }

  /** @param assignments this class's own SQL, never user input */
  private void update(String pid, String assignments, Object... values) {
    Object[] args = java.util.Arrays.copyOf(values, values.length + 1);
    args[values.length] = pid;
    jdbc.update("update apr_contract set " + assignments + " where process_instance_id = ?", args);
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
  List<Entry> live() {
    return jdbc.query("select * from apr_contract where status not in (?, ?) order by id", Entry.ROW, CLOSED, CANCELLED);
  }

  LocalDate periodTo(String pid) {
    return jdbc.queryForObject("select period_to from apr_contract where process_instance_id = ?", Date.class, pid)
        .toLocalDate();
  }

  Optional<Entry> byNumber(String number) {
    return jdbc.query("select * from apr_contract where contract_number = ?", Entry.ROW, number).stream().findFirst();
  }

  Optional<Entry> byProcessInstance(String pid) {
    return jdbc.query("select * from apr_contract where process_instance_id = ?", Entry.ROW, pid).stream().findFirst();
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

  /** The request as the start form captured it, with the applicant's department from the org chart. */
  record Request(String processInstanceId, String workDescription, String departmentId, String departmentName,
      String applicantId, String applicantName, String systemWork, String informationProvided, int confidentiality,
      int integrity, int availability, LocalDate periodFrom, LocalDate periodTo) {
  }

  /** What the endpoints and the case page need to know of one contract. */
  record Entry(String contractNumber, String processInstanceId, String departmentId, String departmentName,
      String status, String serviceManagerId) {

    static final RowMapper<Entry> ROW = (rs, i) -> new Entry(rs.getString("contract_number"),
        rs.getString("process_instance_id"), rs.getString("department_id"), rs.getString("department_name"),
        rs.getString("status"), rs.getString("service_manager_id"));
  }
}
