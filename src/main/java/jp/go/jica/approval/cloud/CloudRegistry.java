package jp.go.jica.approval.cloud;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import jp.go.jica.approval.ledger.LedgerRows;
import jp.go.jica.approval.ledger.VisibilityRule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The approved-service registry (Art. 64-3, 71-3): one row per application, updated by the process
 * inside its own transactions, searched by every employee (Art. 145-8).
 */
@Repository
class CloudRegistry {

  static final String APPLIED = "申請中";
  static final String APPROVED = "承認";
  static final String IN_USE = "運用中";
  static final String REJECTED = "却下";
  static final String TERMINATING = "利用終了手続中";
  static final String ENDED = "利用終了";

  private final JdbcTemplate jdbc;

  CloudRegistry(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  String register(Application a) {
    jdbc.update("insert into apr_cloud_service (process_instance_id, service_name, provider, service_url, purpose, "
            + "users_description, department_id, department_name, applicant_id, applicant_name, confidential, "
            + "confidentiality, integrity, availability, data_locations, data_outside_japan, disposal_method, "
            + "service_level, ismap_registered, ismap_number, non_ismap_reason, period_from, period_to, status, created_at) "
            + "values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        a.processInstanceId(), a.serviceName(), a.provider(), a.serviceUrl(), a.purpose(), a.users(), a.departmentId(),
        a.departmentName(), a.applicantId(), a.applicantName(), a.confidential(), a.confidentiality(), a.integrity(),
        a.availability(), a.dataLocations(), a.dataOutsideJapan(), a.disposalMethod(), a.serviceLevel(),
        a.ismapRegistered(), a.ismapNumber(), a.nonIsmapReason(), Date.valueOf(a.periodFrom()),
        Date.valueOf(a.periodTo()), APPLIED, now());
    return LedgerRows.assignNumber(jdbc, "apr_cloud_service", "registry_number", "CS", a.processInstanceId());
  }

  /** A resubmitted application replaces what the registry holds for it. */
  void revise(Application a) {
    jdbc.update("update apr_cloud_service set service_name = ?, provider = ?, service_url = ?, purpose = ?, "
            + "users_description = ?, confidential = ?, confidentiality = ?, integrity = ?, availability = ?, "
            + "data_locations = ?, data_outside_japan = ?, disposal_method = ?, service_level = ?, ismap_registered = ?, "
            + "ismap_number = ?, non_ismap_reason = ?, period_from = ?, period_to = ?, status = ? "
            + "where process_instance_id = ?",
        a.serviceName(), a.provider(), a.serviceUrl(), a.purpose(), a.users(), a.confidential(), a.confidentiality(),
        a.integrity(), a.availability(), a.dataLocations(), a.dataOutsideJapan(), a.disposalMethod(), a.serviceLevel(),
        a.ismapRegistered(), a.ismapNumber(), a.nonIsmapReason(), Date.valueOf(a.periodFrom()),
        Date.valueOf(a.periodTo()), APPLIED, a.processInstanceId());
  }

  /** A state without anything else to record: rejected, termination under way, withdrawn. */
  void recordStatus(String processInstanceId, String status) {
    update(processInstanceId, "status = ?", status);
  }

  /** The isso's requirements for the use, from the first step (Art. 62). */
  void recordRequirements(String processInstanceId, String requirements) {
    update(processInstanceId, "requirements = ?", requirements);
  }

  /** The authorizer approved the use (Art. 64-3) and named its cloud-manager. */
  void recordApproval(String processInstanceId, String authorizerId, String authorizerName, String managerId,
      String managerName) {
    update(processInstanceId, "authorizer_id = ?, authorizer_name = ?", authorizerId, authorizerName);
    setCloudManager(processInstanceId, managerId, managerName, authorizerName);
    update(processInstanceId, "status = ?, approved_at = ?", APPROVED, now());
  }

  /** The information-system ledger entry the service was registered under (Art. 68-1). */
  void recordSystemLedger(String processInstanceId, String systemLedgerId) {
    update(processInstanceId, "system_ledger_id = ?", systemLedgerId);
  }

  /** The service went live (Art. 67). */
  void recordGoLive(String processInstanceId) {
    update(processInstanceId, "status = ?, go_live_at = ?", IN_USE, now());
  }

  /** The periodic review of the measures (Art. 68-1), the service still in use. */
  void recordReview(String processInstanceId, String note) {
    update(processInstanceId, "status = ?, last_review_at = ?, last_review_note = ?", IN_USE, now(), note);
  }

  /** The use ended with its information and accounts disposed of (Art. 65-3, 69). */
  void recordTermination(String processInstanceId, String disposalRecord) {
    update(processInstanceId, "disposal_record = ?, status = ?, ended_at = ?", disposalRecord, ENDED, now());
  }

  /** @param assignments this class's own SQL, never user input */
  private void update(String processInstanceId, String assignments, Object... values) {
    Object[] args = java.util.Arrays.copyOf(values, values.length + 1);
    args[values.length] = processInstanceId;
    jdbc.update("update apr_cloud_service set " + assignments + " where process_instance_id = ?", args);
  }

  /** Art. 62-1 and 63: the isso's judgement against the use criteria and the procurement documents, confirmed now. */
  void recordSelectionChecks(String processInstanceId, String useJudgement, String procurementDocuments) {
    jdbc.update("update apr_cloud_service set use_judgement = ?, use_judged_at = ?, procurement_documents = ?, "
        + "procurement_confirmed_at = ? where process_instance_id = ?", useJudgement, now(), procurementDocuments, now(),
        processInstanceId);
  }

  /** Art. 64-3 and 20-2: who holds the cloud-manager duty from now on, and who named them. */
  void setCloudManager(String processInstanceId, String managerId, String managerName, String namedBy) {
    jdbc.update("update apr_cloud_service set cloud_manager_id = ?, cloud_manager_name = ?, cloud_manager_since = ?, "
        + "cloud_manager_named_by = ? where process_instance_id = ?", managerId, managerName, now(), namedBy,
        processInstanceId);
  }

  /** Art. 66: the cloud-manager's security requirements for the use. */
  void recordUseRequirements(String processInstanceId, String requirements) {
    jdbc.update("update apr_cloud_service set use_requirements = ?, use_requirements_at = ? where process_instance_id = ?",
        requirements, now(), processInstanceId);
  }

  /** Art. 67-1: the measures taken at build time and their state, as the cloud-manager checked them. */
  void recordBuildMeasures(String processInstanceId, String measures) {
    jdbc.update("update apr_cloud_service set build_measures = ?, build_measures_at = ? where process_instance_id = ?",
        measures, now(), processInstanceId);
  }

  /**
   * Art. 68-2: a change updates the information-system ledger: a new revision with the change, and the
   * registry's data location and service level where they changed.
   *
   * @return the ledger's revision after this change
   */
  int recordLedgerChange(String processInstanceId, String change, String dataLocations, String serviceLevel) {
    jdbc.update("update apr_cloud_service set system_ledger_revision = system_ledger_revision + 1, "
        + "system_ledger_updated_at = ?, system_ledger_change = ? where process_instance_id = ?", now(), change,
        processInstanceId);
    if (dataLocations != null) {
      update(processInstanceId, "data_locations = ?", dataLocations);
    }
    if (serviceLevel != null) {
      update(processInstanceId, "service_level = ?", serviceLevel);
    }
    return byProcess(processInstanceId).systemLedgerRevision();
  }

  /** Services whose cloud-manager duty is live: approved, in use or being ended. */
  List<Entry> withLiveCloudManager() {
    return jdbc.query("select * from apr_cloud_service where cloud_manager_id is not null and status in (?, ?, ?)",
        Entry.ROW, APPROVED, IN_USE, TERMINATING);
  }

  Entry byProcess(String processInstanceId) {
    return jdbc.queryForObject("select * from apr_cloud_service where process_instance_id = ?", Entry.ROW,
        processInstanceId);
  }

  Optional<Entry> byNumber(String number) {
    return jdbc.query("select * from apr_cloud_service where registry_number = ?", Entry.ROW, number).stream()
        .findFirst();
  }

  Optional<Entry> byProcessInstance(String pid) {
    return jdbc.query("select * from apr_cloud_service where process_instance_id = ?", Entry.ROW, pid).stream()
        .findFirst();
  }

  /** An approved service already covering this use: same service, same department, at least this classification. */
  Optional<Entry> approvedFor(String serviceName, String departmentId, int confidentiality) {
    return jdbc.query("select * from apr_cloud_service where lower(service_name) = ? and department_id = ? "
            + "and confidentiality >= ? and status in (?, ?) and period_to >= ? order by id desc", Entry.ROW,
        serviceName.trim().toLowerCase(Locale.ROOT), departmentId, confidentiality, APPROVED, IN_USE,
        Date.valueOf(LocalDate.now())).stream().findFirst();
  }

  List<Map<String, Object>> search(VisibilityRule.Visibility visibility, String text, String status, String department,
      int limit) {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("select * from apr_cloud_service where ").append(visibility.where(args));
    if (text != null && !text.isBlank()) {
      sql.append(" and (lower(service_name) like ? or lower(provider) like ?)");
      String like = "%" + text.trim().toLowerCase(Locale.ROOT) + "%";
      args.add(like);
      args.add(like);
    }
    if (status != null) {
      sql.append(" and status = ?");
      args.add(status);
    }
    if (department != null) {
      sql.append(" and department_id = ?");
      args.add(department);
    }
    sql.append(" order by id desc limit ?");
    args.add(limit);
    return jdbc.queryForList(sql.toString(), args.toArray());
  }

  private static Timestamp now() {
    return Timestamp.from(Instant.now());
  }

  /** What the process, the endpoints and the case page need to know of one service. */
  record Entry(String registryNumber, String processInstanceId, String serviceName, String departmentId, String status,
      String cloudManagerId, String cloudManagerName, String systemLedgerId, int systemLedgerRevision,
      LocalDate periodTo) {

    static final RowMapper<Entry> ROW = (rs, i) -> new Entry(rs.getString("registry_number"),
        rs.getString("process_instance_id"), rs.getString("service_name"), rs.getString("department_id"),
        rs.getString("status"), rs.getString("cloud_manager_id"), rs.getString("cloud_manager_name"),
        rs.getString("system_ledger_id"), rs.getInt("system_ledger_revision"), rs.getDate("period_to").toLocalDate());
  }

  /** The application as the form captured it. */
  record Application(String processInstanceId, String serviceName, String provider, String serviceUrl, String purpose,
      String users, String departmentId, String departmentName, String applicantId, String applicantName,
      boolean confidential, int confidentiality, int integrity, int availability, String dataLocations,
      boolean dataOutsideJapan, String disposalMethod, String serviceLevel, boolean ismapRegistered,
      String ismapNumber, String nonIsmapReason, LocalDate periodFrom, LocalDate periodTo) {
  }
}
