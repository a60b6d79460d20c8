package jp.go.jica.approval.routing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The platform's own record of each case: applicant, every routing decision, declared conflicts.
 * Written with the engine's transaction, and the source of truth the guard compares variables with.
 */
@Repository
class ApprovalCaseRepository {

  /**
   * Designated role of a record that moved a duty task (an expression, not a routing rule, named its
   * holder): it records the move, but does not make the task an approval task.
   */
  static final String DUTY = "duty";

  private final JdbcTemplate jdbc;

  ApprovalCaseRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  void insertCase(String processInstanceId, String processKey, String applicant, String applicantName,
      String applicantUnit) {
    jdbc.update("insert into apr_case (process_instance_id, process_key, applicant_id, applicant_name, "
            + "applicant_unit, started_at) values (?,?,?,?,?,?)", processInstanceId, processKey, applicant,
        applicantName, applicantUnit, Timestamp.from(Instant.now()));
  }

  /** The applicant recorded at start, or empty for a case started by the system. */
  Optional<Map<String, Object>> findCase(String processInstanceId) {
    List<Map<String, Object>> rows = jdbc.queryForList(
        "select applicant_id, applicant_name, process_key from apr_case where process_instance_id = ?",
        processInstanceId);
    return rows.stream().findFirst();
  }

  void insertDecision(String processInstanceId, String taskId, RoutingDecision decision) {
    jdbc.update("insert into apr_routing_decision (process_instance_id, task_id, step, designated_role, "
            + "designated_person, assignee, reason_code, reason, article, skipped, routed_at) "
            + "values (?,?,?,?,?,?,?,?,?,?,?)", processInstanceId, taskId, decision.step(),
        decision.designatedRole(), decision.designatedPerson(), decision.assignee(), decision.reasonCode(),
        decision.reason(), decision.article(), String.join(",", decision.skipped()),
        Timestamp.from(Instant.now()));
  }

  /** The routing decision in force for an open task; empty when the task is not an approval task. */
  Optional<RoutingDecision> currentDecision(String taskId) {
    return jdbc.query("select step, designated_role, designated_person, assignee, reason_code, reason, "
            + "article, skipped from apr_routing_decision where task_id = ? and designated_role <> ? "
            + "order by id desc limit 1",
        (rs, i) -> new RoutingDecision(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), split(rs.getString(8))), taskId, DUTY)
        .stream().findFirst();
  }

  Optional<RoutingDecision> lastDecision(String processInstanceId, String step) {
    return jdbc.query("select step, designated_role, designated_person, assignee, reason_code, reason, "
            + "article, skipped from apr_routing_decision where process_instance_id = ? and step = ? "
            + "order by id desc limit 1",
        (rs, i) -> new RoutingDecision(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), split(rs.getString(8))), processInstanceId, step)
        .stream().findFirst();
  }

  void recordOutcome(String taskId, String decision, String decidedBy, String comment) {
    jdbc.update("update apr_routing_decision set decision = ?, decided_by = ?, decided_at = ?, "
            + "decision_comment = ? where id = (select max(id) from apr_routing_decision where task_id = ?)",
        decision, decidedBy, Timestamp.from(Instant.now()), comment, taskId);
  }

  void insertDeclaredConflict(String processInstanceId, String step, String person, String reason) {
    jdbc.update("insert into apr_declared_conflict (process_instance_id, step, person_id, reason, declared_at) "
        + "values (?,?,?,?,?)", processInstanceId, step, person, reason, Timestamp.from(Instant.now()));
  }

  Set<String> declaredConflicts(String processInstanceId, String step) {
    return new HashSet<>(jdbc.queryForList("select person_id from apr_declared_conflict "
        + "where process_instance_id = ? and step = ?", String.class, processInstanceId, step));
  }

  private static List<String> split(String csv) {
    return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
  }
}
