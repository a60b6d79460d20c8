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

  void update(String processInstanceId, String column, Object value) {
    jdbc.update("update apr_cloud_service set " + column + " = ? where process_instance_id = ?", value, processInstanceId);
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
      update(processInstanceId, "data_locations", dataLocations);
    }
    if (serviceLevel != null) {
      update(processInstanceId, "service_level", serviceLevel);
    }
    return ((Number) byProcess(processInstanceId).get("system_ledger_revision")).intValue();
  }

  /** Services whose cloud-manager duty is live: approved, in use or being ended. */
  List<Map<String, Object>> withLiveCloudManager() {
    return jdbc.queryForList("select * from apr_cloud_service where cloud_manager_id is not null and status in (?, ?, ?)",
        APPROVED, IN_USE, TERMINATING);
  }

  void setStatus(String processInstanceId, String status, String timestampColumn) {
    if (timestampColumn == null) {
      update(processInstanceId, "status", status);
    } else {
      jdbc.update("update apr_cloud_service set status = ?, " + timestampColumn + " = ? where process_instance_id = ?",
          status, now(), processInstanceId);
    }
  }

  Map<String, Object> byProcess(String processInstanceId) {
    return jdbc.queryForMap("select * from apr_cloud_service where process_instance_id = ?", processInstanceId);
  }

  Optional<Map<String, Object>> byNumber(String number) {
    return jdbc.queryForList("select * from apr_cloud_service where registry_number = ?", number).stream().findFirst();
  }

  Optional<Map<String, Object>> byProcessInstance(String pid) {
    return jdbc.queryForList("select * from apr_cloud_service where process_instance_id = ?", pid).stream().findFirst();
  }

  /** An approved service already covering this use: same service, same department, at least this classification. */
  Optional<Map<String, Object>> approvedFor(String serviceName, String departmentId, int confidentiality) {
    return jdbc.queryForList("select * from apr_cloud_service where lower(service_name) = ? and department_id = ? "
            + "and confidentiality >= ? and status in (?, ?) and period_to >= ? order by id desc",
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

  /** The application as the form captured it. */
  record Application(String processInstanceId, String serviceName, String provider, String serviceUrl, String purpose,
      String users, String departmentId, String departmentName, String applicantId, String applicantName,
      boolean confidential, int confidentiality, int integrity, int availability, String dataLocations,
      boolean dataOutsideJapan, String disposalMethod, String serviceLevel, boolean ismapRegistered,
      String ismapNumber, String nonIsmapReason, LocalDate periodFrom, LocalDate periodTo) {
  }
}
