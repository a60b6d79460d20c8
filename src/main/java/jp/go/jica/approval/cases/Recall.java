package jp.go.jica.approval.cases;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import jp.go.jica.approval.notification.Notifications;
import jp.go.jica.approval.routing.PlatformOperation;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstanceModificationBuilder;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaTaskListener;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * 引戻し (recall). The applicant takes back a request no approval step has decided yet: it returns to the
 * process's revise step and the holder whose step ended is mailed. An authorizer takes back their own decision
 * within {@code approval.recall.window} while the next step has not acted on it and nothing irreversible ran
 * ({@link RecallRules}): the step is routed to them again, the next step's task ends, the decision row is marked
 * {@code recalled}, and the applicant and the next step's holder are mailed. Both are recorded in {@code apr_recall}.
 * The engine change is the platform's (process instance modification is refused to every user who is not an
 * administrator, see ProcessControlGuard), made only after these checks, in one transaction with the record.
 */
@Service
class Recall {

  static final String APPLICANT = "applicant";
  static final String AUTHORIZER = "authorizer";
  /** The decision of a routing record once recalled: withdrawal, the registers and the history no longer count it. */
  static final String RECALLED = "recalled";

  private static final Set<String> RECALLABLE_DECISIONS = Set.of("approve", "reject", "sendBack");
  private static final String REVISE_FORM_SUFFIX = "-revise";
  private static final Logger log = LoggerFactory.getLogger(Recall.class);
  private static final DateTimeFormatter DECIDED_AT = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm")
      .withZone(ZoneId.of("Asia/Tokyo"));

  private final ProcessEngine engine;
  private final JdbcTemplate jdbc;
  private final Notifications notifications;
  private final CaseQueries queries;
  private final TransactionTemplate transaction;
  private final Duration window;

  Recall(ProcessEngine engine, JdbcTemplate jdbc, Notifications notifications, CaseQueries queries,
      PlatformTransactionManager transactionManager, @Value("${approval.recall.window:PT1H}") Duration window) {
    this.engine = engine;
    this.jdbc = jdbc;
    this.notifications = notifications;
    this.queries = queries;
    this.transaction = new TransactionTemplate(transactionManager);
    this.window = window;
  }

  // ---------------------------------------------------------------- the applicant's recall

  /** Why the applicant cannot recall the request now, or null when they can. */
  String applicantRefusal(String processInstanceId) {
    if (engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(processInstanceId).count() == 0) {
      return "この申請は既に終了しているため引き戻せません";
    }
    String definitionId = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(processInstanceId)
        .singleResult().getProcessDefinitionId();
    Optional<UserTask> revise = reviseStep(definitionId);
    if (revise.isEmpty()) {
      return "この手続には申請を修正する手順がないため引き戻せません。不要になった申請は取下げを利用してください";
    }
    List<Task> open = engine.getTaskService().createTaskQuery().processInstanceId(processInstanceId).list();
    if (open.stream().anyMatch(task -> task.getTaskDefinitionKey().equals(revise.get().getId()))) {
      return "この申請は既に修正の手順にあります。修正して再申請してください";
    }
    Set<String> undecidedApprovals = Set.copyOf(jdbc.queryForList("select task_id from apr_routing_decision "
        + "where process_instance_id = ? and decision is null and step_kind = 'approval'", String.class, processInstanceId));
    if (open.isEmpty() || !open.stream().allMatch(task -> undecidedApprovals.contains(task.getId()))) {
      return "この申請は判断待ちではないため引き戻せません（手続が進行中です）";
    }
    // Since the request was (re)submitted: the last revision's end, or the start.
    Date submitted = engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceId(processInstanceId)
        .taskDefinitionKey(revise.get().getId()).finished().list().stream().map(HistoricTaskInstance::getEndTime)
        .max(Comparator.naturalOrder()).orElse(engine.getHistoryService().createHistoricProcessInstanceQuery()
            .processInstanceId(processInstanceId).singleResult().getStartTime());
    Integer decided = jdbc.queryForObject("select count(*) from apr_routing_decision where process_instance_id = ? "
        + "and decision in ('approve', 'reject', 'sendBack') and decided_at >= ?", Integer.class, processInstanceId,
        new Timestamp(submitted.getTime()));
    if (decided != null && decided > 0) {
      return "この申請は既に判断された手順があるため引き戻せません。判断した人に引戻しを依頼してください";
    }
    return null;
  }

  void recallByApplicant(String processInstanceId, String applicant, String reason) {
    String text = Reasons.required(reason, "引戻しの理由");
    List<Map<String, Object>> recorded = jdbc.queryForList("select applicant_id from apr_case where process_instance_id = ?",
        processInstanceId);
    if (recorded.isEmpty() || !applicant.equals(value(recorded.get(0), "applicant_id"))) {
      // Someone else's request is answered as one that does not exist.
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "申請「" + processInstanceId + "」はありません");
    }
    inTransaction(processInstanceId, () -> {
      String refused = applicantRefusal(processInstanceId);
      if (refused != null) {
        throw new ResponseStatusException(HttpStatus.CONFLICT, refused);
      }
      String definitionId = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(processInstanceId)
          .singleResult().getProcessDefinitionId();
      UserTask revise = reviseStep(definitionId).orElseThrow();
      List<Task> open = engine.getTaskService().createTaskQuery().processInstanceId(processInstanceId).list();
      Map<String, String> model = model(processInstanceId, text);
      for (Task task : open) {
        if (task.getAssignee() != null) {
          Map<String, String> forHolder = new HashMap<>(model);
          forHolder.put("taskName", task.getName());
          notifications.send("cases/recalled-holder", task.getAssignee(), forHolder, processInstanceId);
        }
      }
      asPlatform(() -> {
        // The revise form shows the reason where a send-back shows the authorizer's comment.
        engine.getRuntimeService().setVariable(processInstanceId, "decisionComment", "申請者による引戻し: " + text);
        ProcessInstanceModificationBuilder modification = engine.getRuntimeService()
            .createProcessInstanceModification(processInstanceId).startBeforeActivity(revise.getId());
        open.forEach(task -> modification.cancelActivityInstance(activityInstanceOf(task)));
        modification.execute();
        return null;
      });
      record(processInstanceId, null, revise.getId(), revise.getName(), APPLICANT, null, applicant, text,
          open.stream().map(Task::getId).toList());
      // The steps nobody decided end as recalled; decided_by stays empty, as nobody decided them (registers and
      // 処理済み read decided_by).
      for (Task task : open) {
        jdbc.update("update apr_routing_decision set decision = ?, decided_at = ?, decision_comment = ? "
                + "where id = (select max(id) from apr_routing_decision where task_id = ?) and decision is null",
            RECALLED, now(), "申請者による引戻し: " + text, task.getId());
      }
      return null;
    });
    log.info("{} recalled request {} to its revise step", applicant, processInstanceId);
  }

  /** The process's revise step: the user task whose form id ends in "-revise" (every process's revise form does). */
  private Optional<UserTask> reviseStep(String processDefinitionId) {
    BpmnModelInstance model = engine.getRepositoryService().getBpmnModelInstance(processDefinitionId);
    return model.getModelElementsByType(UserTask.class).stream()
        .filter(task -> task.getCamundaFormRef() != null && task.getCamundaFormRef().endsWith(REVISE_FORM_SUFFIX))
        .findFirst();
  }

  // ---------------------------------------------------------------- the authorizer's recall

  /** A decision the person took: the task, its case and step, and the decision; empty when it is not theirs. */
  record Decision(HistoricTaskInstance task, String decision, String processKey) {
  }

  Optional<Decision> decisionOf(String taskId, String person) {
    HistoricTaskInstance task = engine.getHistoryService().createHistoricTaskInstanceQuery().taskId(taskId).singleResult();
    if (task == null || task.getEndTime() == null || !person.equals(task.getAssignee())) {
      return Optional.empty();
    }
    List<Map<String, Object>> rows = jdbc.queryForList("select d.decision, d.decided_by, c.process_key "
        + "from apr_routing_decision d join apr_case c on c.process_instance_id = d.process_instance_id "
        + "where d.id = (select max(id) from apr_routing_decision where task_id = ?) and d.step_kind = 'approval'", taskId);
    if (rows.isEmpty() || !person.equals(value(rows.get(0), "decided_by"))) {
      return Optional.empty();
    }
    String decision = value(rows.get(0), "decision");
    if (!RECALLABLE_DECISIONS.contains(decision) && !RECALLED.equals(decision)) {
      return Optional.empty(); // a declared conflict decides nothing
    }
    return Optional.of(new Decision(task, decision, value(rows.get(0), "process_key")));
  }

  /** Why the decision cannot be recalled now, or null when it can. */
  String authorizerRefusal(Decision decided) {
    HistoricTaskInstance task = decided.task();
    String pid = task.getProcessInstanceId();
    if (RECALLED.equals(decided.decision())) {
      return "この判断は既に引き戻されています";
    }
    if (engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(pid).count() == 0) {
      return "この申請は既に終了しているため、判断を引き戻せません";
    }
    Date completed = task.getEndTime();
    if (ClockUtil.getCurrentTime().getTime() - completed.getTime() > window.toMillis()) {
      return "判断から" + describe(window) + "を過ぎたため引き戻せません（引戻しの期限）";
    }
    Set<String> undecided = Set.copyOf(jdbc.queryForList("select task_id from apr_routing_decision r where "
        + "process_instance_id = ? and decision is null and id = (select max(id) from apr_routing_decision where "
        + "task_id = r.task_id)", String.class, pid));
    for (HistoricTaskInstance later : tasksAfter(task)) {
      if (later.getEndTime() != null || later.getDeleteReason() != null) {
        return "次の手順「" + later.getName() + "」が既に処理されているため引き戻せません";
      }
      boolean routed = !jdbc.queryForList("select id from apr_routing_decision where task_id = ?", later.getId()).isEmpty();
      if (routed && !undecided.contains(later.getId())) {
        return "次の手順「" + later.getName() + "」が既に判断されているため引き戻せません";
      }
    }
    BpmnModelInstance model = engine.getRepositoryService().getBpmnModelInstance(task.getProcessDefinitionId());
    for (HistoricActivityInstance activity : activitiesAfter(task)) {
      if (RecallRules.WITHOUT_EFFECT.contains(activity.getActivityType())) {
        continue;
      }
      ModelElementInstance element = model.getModelElementById(activity.getActivityId());
      String delegate = element instanceof ServiceTask service ? service.getCamundaDelegateExpression() : null;
      if (!RecallRules.undoable(decided.processKey(), activity.getActivityId(), delegate, decided.decision())) {
        String name = element instanceof FlowElement flow && flow.getName() != null ? flow.getName() : activity.getActivityId();
        return "判断の後に「" + name + "」が既に実行されました（番号の発行・許可・報告など、取り消せない処理）。"
            + "この判断は引き戻せません";
      }
    }
    // What the decision's own complete listeners wrote (a register line, a timeline event) stays written.
    ModelElementInstance decidedStep = model.getModelElementById(task.getTaskDefinitionKey());
    if (decidedStep instanceof UserTask userTask && userTask.getExtensionElements() != null) {
      boolean records = userTask.getExtensionElements().getElementsQuery().filterByType(CamundaTaskListener.class).list()
          .stream().filter(listener -> TaskListener.EVENTNAME_COMPLETE.equals(listener.getCamundaEvent()))
          .anyMatch(listener -> !RecallRules.CHECKS_ONLY.contains(listener.getCamundaDelegateExpression()));
      if (records) {
        return "判断「" + task.getName() + "」と同時に台帳・経過への記録が行われたため、この判断は引き戻せません";
      }
    }
    return null;
  }

  void recallByAuthorizer(String taskId, String person, String reason) {
    String text = Reasons.required(reason, "引戻しの理由");
    Decision decided = decisionOf(taskId, person).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
        "判断「" + taskId + "」はありません"));
    HistoricTaskInstance task = decided.task();
    String pid = task.getProcessInstanceId();
    inTransaction(pid, () -> {
      Decision current = decisionOf(taskId, person).orElseThrow();
      String refused = authorizerRefusal(current);
      if (refused != null) {
        throw new ResponseStatusException(HttpStatus.CONFLICT, refused);
      }
      List<HistoricActivityInstance> after = activitiesAfter(task).stream().filter(a -> a.getEndTime() == null).toList();
      List<Task> ended = engine.getTaskService().createTaskQuery().processInstanceId(pid).list().stream()
          .filter(open -> after.stream().anyMatch(a -> a.getTaskId() != null && a.getTaskId().equals(open.getId())))
          .toList();
      Map<String, String> model = model(pid, text);
      model.put("taskName", task.getName());
      model.put("deciderName", queries.name(person));
      asPlatform(() -> {
        ProcessInstanceModificationBuilder modification = engine.getRuntimeService().createProcessInstanceModification(pid)
            .startBeforeActivity(task.getTaskDefinitionKey());
        after.forEach(activity -> modification.cancelActivityInstance(activity.getId()));
        modification.execute();
        return null;
      });
      record(pid, taskId, task.getTaskDefinitionKey(), task.getName(), AUTHORIZER, current.decision(), person, text,
          after.stream().map(HistoricActivityInstance::getTaskId).filter(id -> id != null).toList());
      jdbc.update("update apr_routing_decision set decision = ?, decision_comment = ? "
          + "where id = (select max(id) from apr_routing_decision where task_id = ?)", RECALLED,
          "引戻し（元の判断: " + current.decision() + "）: " + text, taskId);
      // Whoever acted on the applicant's side stays recorded there (Art. 16): a recall takes back a decision, not
      // the part its decider played in the case.
      String applicant = jdbc.queryForObject("select applicant_id from apr_case where process_instance_id = ?",
          String.class, pid);
      notifications.send("cases/recalled-applicant", applicant, model, pid);
      for (Task next : ended) {
        if (next.getAssignee() != null && !next.getAssignee().equals(applicant)) {
          Map<String, String> forHolder = new HashMap<>(model);
          forHolder.put("nextTaskName", next.getName());
          notifications.send("cases/recalled-next", next.getAssignee(), forHolder, pid);
        }
      }
      return null;
    });
    log.info("{} recalled their decision on task {} of case {}", person, taskId, pid);
  }

  /** The person's decisions within the window on running cases, newest first, each with whether it can be recalled. */
  List<Map<String, Object>> recentDecisionsOf(String person) {
    Timestamp since = new Timestamp(ClockUtil.getCurrentTime().getTime() - window.toMillis());
    List<String> taskIds = jdbc.queryForList("select d.task_id from apr_routing_decision d where d.decided_by = ? "
        + "and d.decision in ('approve', 'reject', 'sendBack') and d.decided_at >= ? and d.step_kind = 'approval' "
        + "order by d.decided_at desc, d.id desc", String.class, person, since);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String taskId : taskIds.stream().distinct().toList()) {
      Optional<Decision> decided = decisionOf(taskId, person);
      if (decided.isEmpty()) {
        continue;
      }
      HistoricTaskInstance task = decided.get().task();
      if (engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(task.getProcessInstanceId())
          .count() == 0) {
        continue;
      }
      String refusal = authorizerRefusal(decided.get());
      Map<String, Object> row = new LinkedHashMap<>(queries.mailModel(task.getProcessInstanceId()));
      row.put("taskId", taskId);
      row.put("processInstanceId", task.getProcessInstanceId());
      row.put("step", task.getName());
      row.put("decision", decided.get().decision());
      row.put("decidedAt", DECIDED_AT.format(task.getEndTime().toInstant()));
      row.put("recallable", refusal == null);
      row.put("refusal", refusal == null ? "" : refusal);
      rows.add(row);
    }
    return rows;
  }

  /** User tasks of the case created at or after the task completed (the next steps). */
  private List<HistoricTaskInstance> tasksAfter(HistoricTaskInstance task) {
    return engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceId(task.getProcessInstanceId())
        .list().stream().filter(later -> !later.getId().equals(task.getId()))
        .filter(later -> !later.getStartTime().before(task.getEndTime())).toList();
  }

  /** Activities of the case started at or after the task completed, the task's own excepted. */
  private List<HistoricActivityInstance> activitiesAfter(HistoricTaskInstance task) {
    return engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(task.getProcessInstanceId())
        .list().stream().filter(a -> !a.getId().equals(task.getActivityInstanceId()))
        .filter(a -> !a.getStartTime().before(task.getEndTime()))
        .filter(a -> a.getEndTime() == null || !a.getEndTime().before(task.getEndTime())).toList();
  }

  // ---------------------------------------------------------------- shared

  /** Runs inside one engine command and transaction, holding the case's decision rows so a decision meanwhile wins. */
  private void inTransaction(String processInstanceId, Supplier<Void> work) {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    transaction.executeWithoutResult(status -> configuration.getCommandExecutorTxRequired().execute(context -> {
      jdbc.queryForList("select id from apr_routing_decision where process_instance_id = ? for update", processInstanceId);
      return work.get();
    }));
  }

  /**
   * The modification as the platform's own operation: without the caller's engine identity (the guard refuses
   * process instance modification to users) and past the task guard's holder checks. Every check was made before.
   */
  private <T> T asPlatform(Supplier<T> action) {
    IdentityService identity = engine.getIdentityService();
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      return PlatformOperation.run(action);
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
  }

  private String activityInstanceOf(Task task) {
    return engine.getHistoryService().createHistoricTaskInstanceQuery().taskId(task.getId()).singleResult()
        .getActivityInstanceId();
  }

  private void record(String pid, String taskId, String step, String stepName, String kind, String decision,
      String person, String reason, List<String> endedTasks) {
    jdbc.update("insert into apr_recall (process_instance_id, task_id, step, step_name, kind, recalled_decision, "
        + "person_id, recalled_at, reason, ended_task_ids) values (?,?,?,?,?,?,?,?,?,?)", pid, taskId, step, stepName,
        kind, decision, person, now(), reason, String.join(",", endedTasks));
  }

  /** The tasks of the case that a recall ended: steps it reached and then left again, not steps it acted on. */
  Set<String> tasksEndedByRecall(String processInstanceId) {
    Set<String> ended = new HashSet<>();
    jdbc.queryForList("select ended_task_ids from apr_recall where process_instance_id = ?", String.class,
        processInstanceId).forEach(ids -> {
          if (ids != null && !ids.isBlank()) {
            ended.addAll(List.of(ids.split(",")));
          }
        });
    return ended;
  }

  private Map<String, String> model(String pid, String reason) {
    Map<String, String> model = new HashMap<>(queries.mailModel(pid));
    model.put("reason", reason);
    model.put("caseLink", notifications.caseLink(pid));
    return model;
  }

  private static Timestamp now() {
    return new Timestamp(ClockUtil.getCurrentTime().getTime());
  }

  private static String describe(Duration duration) {
    if (duration.toMinutes() % 60 == 0) {
      return duration.toHours() + "時間";
    }
    return duration.toMinutes() + "分";
  }

  private static String value(Map<String, Object> row, String column) {
    Object v = row.get(column);
    if (v == null) {
      v = row.get(column.toUpperCase());
    }
    return v == null ? null : String.valueOf(v);
  }
}
