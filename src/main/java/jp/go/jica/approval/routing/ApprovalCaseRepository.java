package jp.go.jica.approval.routing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The platform's own record of each case: applicant, every routing decision, declared conflicts and
 * who acted on the applicant's side. Written with the engine's transaction, and the source of truth
 * the guard compares variables with.
 */
@Repository
class ApprovalCaseRepository {

  /** A routing record of an approval step: its holder decides. */
  static final String APPROVAL = "approval";
  /** A routing record of a duty step moved past a conflict: its holder completes it without a decision. */
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
    insertDecision(processInstanceId, taskId, decision, APPROVAL);
  }

  void insertDecision(String processInstanceId, String taskId, RoutingDecision decision, String kind) {
    jdbc.update("insert into apr_routing_decision (process_instance_id, task_id, step, designated_role, "
            + "designated_person, assignee, reason_code, reason, article, skipped, routed_at, step_kind) "
            + "values (?,?,?,?,?,?,?,?,?,?,?,?)", processInstanceId, taskId, decision.step(),
        decision.designatedRole(), decision.designatedPerson(), decision.assignee(), decision.reasonCode(),
        decision.reason(), decision.article(), String.join(",", decision.skipped()),
        Timestamp.from(Instant.now()), kind);
  }

  /** {@link #APPROVAL} or {@link #DUTY} for a task with a routing record; empty for a task routing never touched. */
  Optional<String> currentKind(String taskId) {
    return jdbc.queryForList("select step_kind from apr_routing_decision where task_id = ? order by id desc limit 1",
        String.class, taskId).stream().findFirst();
  }

  /** The routing decision in force for an open task (approval or duty); empty when routing never touched it. */
  Optional<RoutingDecision> currentDecision(String taskId) {
    return jdbc.query("select step, designated_role, designated_person, assignee, reason_code, reason, "
            + "article, skipped from apr_routing_decision where task_id = ? order by id desc limit 1",
        (rs, i) -> new RoutingDecision(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), split(rs.getString(8))), taskId)
        .stream().findFirst();
  }

  /**
   * The last decision on the task that was not about an absence (a deputy taking it, a climb past the absent), e.g.
   * the deliberate move a deputy took over: past every absence since, however many followed one another.
   */
  Optional<RoutingDecision> decisionBeforeAbsences(String taskId) {
    return jdbc.query("select step, designated_role, designated_person, assignee, reason_code, reason, "
            + "article, skipped from apr_routing_decision where task_id = ? and reason_code not in (?, ?) "
            + "order by id desc limit 1",
        (rs, i) -> new RoutingDecision(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), split(rs.getString(8))), taskId,
        RoutingService.DEPUTY, RoutingService.ABSENT)
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

  /** Everyone who declared a conflict on any step of the case. */
  Set<String> declaredConflicts(String processInstanceId) {
    return new HashSet<>(jdbc.queryForList("select person_id from apr_declared_conflict "
        + "where process_instance_id = ?", String.class, processInstanceId));
  }

  void insertActor(String processInstanceId, String taskId, String step, String stepName, String person) {
    jdbc.update("insert into apr_case_actor (process_instance_id, task_id, step, step_name, person_id, acted_at) "
        + "values (?,?,?,?,?,?)", processInstanceId, taskId, step, stepName, person, Timestamp.from(Instant.now()));
  }

  /** Who completed a step on the applicant's side of the case, with the names of those steps ("・" between). */
  Map<String, String> applicantSide(String processInstanceId) {
    Map<String, String> actors = new LinkedHashMap<>();
    for (Map<String, Object> row : jdbc.queryForList("select person_id, coalesce(step_name, step) as step_name "
        + "from apr_case_actor where process_instance_id = ? order by id", processInstanceId)) {
      String person = (String) row.get("person_id");
      String step = (String) row.get("step_name");
      String steps = actors.get(person);
      if (steps == null) {
        actors.put(person, step);
      } else if (!List.of(steps.split("・")).contains(step)) {
        actors.put(person, steps + "・" + step);
      }
    }
    return actors;
  }

  private static List<String> split(String csv) {
    return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
  }
}
