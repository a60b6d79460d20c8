package jp.go.jica.approval.cases;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.go.jica.approval.ledger.CaseWithdrawn;
import jp.go.jica.approval.notification.Notifications;
import jp.go.jica.approval.routing.PlatformOperation;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * 取下げ: the applicant ends their own request before anyone decided it, with a reason. In one transaction
 * the case records it, every register marks its line {@link CaseWithdrawn#STATUS}, the holders of the open
 * steps and the applicant are mailed, and the instance ends (its open tasks with it).
 */
@Service
class Withdrawal {

  private static final Logger log = LoggerFactory.getLogger(Withdrawal.class);

  private final ProcessEngine engine;
  private final JdbcTemplate jdbc;
  private final Notifications notifications;
  private final ApplicationEventPublisher events;
  private final CaseQueries queries;
  private final TransactionTemplate transaction;
  private final Recall recall;

  Withdrawal(ProcessEngine engine, JdbcTemplate jdbc, Notifications notifications, ApplicationEventPublisher events,
      CaseQueries queries, PlatformTransactionManager transactionManager, Recall recall) {
    this.recall = recall;
    this.engine = engine;
    this.jdbc = jdbc;
    this.notifications = notifications;
    this.events = events;
    this.queries = queries;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /** Why a request cannot be withdrawn now, or null when it can. */
  String refusal(String processInstanceId) {
    if (engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(processInstanceId).count() == 0) {
      return "この申請は既に終了しています";
    }
    // Art. 25: a deviation already under way (事後届出) or a renewal of one in force ends through its stop
    // or end confirmation, never by disappearing.
    Object postFacto = engine.getRuntimeService().getVariable(processInstanceId, "postFacto");
    Object renewalOf = engine.getRuntimeService().getVariable(processInstanceId, "renewalOf");
    if (Boolean.TRUE.equals(postFacto) || renewalOf instanceof String r && !r.isBlank()) {
      return "事後の届出・更新の申請は取り下げられません。逸脱の停止または例外措置の終了は所定の確認手順で報告してください（第25条）";
    }
    // Only while the request waits for a decision or for the applicant's revision. An approval of an earlier
    // step (the device-manager before the section-iso, the specification before the selection) leaves the
    // request undecided; any other step once reached (an acknowledgement, a contract, a return) means the
    // request was decided and is in force, and ends through its own closing steps. Approval steps taken
    // later in force (a subcontract review) therefore never reopen it for withdrawal.
    Set<String> approvalSteps = Set.copyOf(jdbc.queryForList("select task_id from apr_routing_decision "
        + "where process_instance_id = ? and step_kind = 'approval'", String.class, processInstanceId));
    Set<String> undecidedApprovals = Set.copyOf(jdbc.queryForList("select task_id from apr_routing_decision "
        + "where process_instance_id = ? and decision is null and step_kind = 'approval'", String.class, processInstanceId));
    // A step a recall (引戻し) ended was reached and left again: the case is undecided as before.
    Set<String> recalled = recall.tasksEndedByRecall(processInstanceId);
    boolean inForce = engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceId(processInstanceId)
        .list().stream().anyMatch(task -> !isRevision(task.getTaskDefinitionKey()) && !approvalSteps.contains(task.getId())
            && !recalled.contains(task.getId()));
    List<Task> open = engine.getTaskService().createTaskQuery().processInstanceId(processInstanceId).list();
    boolean awaitingDecision = !inForce && !open.isEmpty() && open.stream()
        .allMatch(task -> isRevision(task.getTaskDefinitionKey()) || undecidedApprovals.contains(task.getId()));
    if (!awaitingDecision) {
      Integer decided = jdbc.queryForObject("select count(*) from apr_routing_decision where process_instance_id = ? "
          + "and decision in ('approve', 'reject')", Integer.class, processInstanceId);
      return decided != null && decided > 0
          ? "この申請は既に判断（承認・却下）されているため取り下げられません。許可後の終了は各手続の終了手順で行ってください"
          : "この申請は判断待ちではないため取り下げられません（手続が進行中です）。終了は各手続の終了手順で行ってください";
    }
    return null;
  }

  private static boolean isRevision(String step) {
    return step.startsWith("revise");
  }

  void withdraw(String processInstanceId, String applicant, String reason) {
    String text = Reasons.required(reason, "取下げの理由");
    List<Map<String, Object>> recorded = jdbc.queryForList("select applicant_id, process_key from apr_case "
        + "where process_instance_id = ?", processInstanceId);
    if (recorded.isEmpty() || !applicant.equals(value(recorded.get(0), "applicant_id"))) {
      // Someone else's request is answered as one that does not exist.
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "申請「" + processInstanceId + "」はありません");
    }
    String processKey = value(recorded.get(0), "process_key");
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    transaction.executeWithoutResult(status -> configuration.getCommandExecutorTxRequired().execute(context -> {
      // Checked again inside the transaction, holding the rows a decision writes: a decision made meanwhile wins.
      jdbc.queryForList("select id from apr_routing_decision where process_instance_id = ? for update", processInstanceId);
      String refused = refusal(processInstanceId);
      if (refused != null) {
        throw new ResponseStatusException(HttpStatus.CONFLICT, refused);
      }
      Map<String, String> model = new HashMap<>(queries.mailModel(processInstanceId));
      model.put("reason", text);
      model.put("caseLink", notifications.caseLink(processInstanceId));
      List<Task> open = engine.getTaskService().createTaskQuery().processInstanceId(processInstanceId).list();
      for (Task task : open) {
        if (task.getAssignee() != null && !task.getAssignee().equals(applicant)) {
          Map<String, String> forHolder = new HashMap<>(model);
          forHolder.put("taskName", task.getName());
          notifications.send("cases/withdrawn", task.getAssignee(), forHolder, processInstanceId);
        }
      }
      notifications.send("cases/withdrawn-applicant", applicant, model, processInstanceId);
      jdbc.update("update apr_case set withdrawn_at = ?, withdrawal_reason = ? where process_instance_id = ?",
          Timestamp.from(Instant.now()), text, processInstanceId);
      events.publishEvent(new CaseWithdrawn(processInstanceId, processKey, applicant, text));
      // The platform ends the case, not the applicant's rights: the listeners the BPMN declares (checks of the
      // revise step, register writes) do not run, since the case did not reach its end; the built-in guards do.
      PlatformOperation.withoutModelListeners(() -> {
        engine.getRuntimeService().deleteProcessInstance(processInstanceId, CaseWithdrawn.STATUS + ": " + text, true, true);
        return null;
      });
      return null;
    }));
    log.info("{} withdrew request {} ({})", applicant, processInstanceId, processKey);
  }

  private static String value(Map<String, Object> row, String column) {
    Object v = row.get(column);
    return String.valueOf(v != null ? v : row.get(column.toUpperCase()));
  }
}
