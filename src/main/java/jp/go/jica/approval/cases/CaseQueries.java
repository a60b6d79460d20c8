package jp.go.jica.approval.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
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
import jp.go.jica.approval.ledger.CaseSummary;
import jp.go.jica.approval.ledger.CaseWithdrawn;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import jp.go.jica.approval.organization.Role;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstanceQuery;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;

/**
 * Reads a case as its applicant and the people who handle it see it: record number, summary, where it
 * stands and who holds it, and the timeline of every step with the routing reason and article. The engine
 * is asked without a user (its own authorizations are per task); who may see a case is decided here.
 */
@Service
class CaseQueries {

  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm").withZone(JAPAN);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(JAPAN);

  /**
   * A medium still out (the media register's 持出し中) after its planned return date: マイ申請 and the case
   * page say 返却期限超過, as the media register and its CSV do (issue 15).
   */
  static final String RETURN_OVERDUE = "返却期限超過";

  /** The variable each register gives its number in. */
  private static final List<String> NUMBER_VARIABLES =
      List.of("ledgerNumber", "registryNumber", "contractNumber", "permitNumber", "logNumber", "incidentNumber");

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, String> DECISIONS = Map.of("approve", "承認", "reject", "却下", "sendBack", "差戻し",
      "conflict", "利益相反の申告", "completed", "完了", Recall.RECALLED, "引戻し");

  private final JdbcTemplate jdbc;
  private final HistoryService history;
  private final TaskService tasks;
  private final OrgChartService charts;
  private final FormService forms;
  private final RepositoryService repository;

  CaseQueries(JdbcTemplate jdbc, HistoryService history, TaskService tasks, OrgChartService charts, FormService forms,
      RepositoryService repository) {
    this.forms = forms;
    this.repository = repository;
    this.jdbc = jdbc;
    this.history = history;
    this.tasks = tasks;
    this.charts = charts;
  }

  /** One page of a list (page 0 first) and how many rows the whole list has. */
  record Page(List<Map<String, Object>> rows, int total) {
  }

  /** The employee's own requests, newest first, one page of them. */
  Page requestsOf(String applicant, int page, int size) {
    Integer total = jdbc.queryForObject("select count(*) from apr_case where applicant_id = ?", Integer.class, applicant);
    List<String> ids = jdbc.queryForList("select process_instance_id from apr_case where applicant_id = ? "
        + "order by started_at desc, process_instance_id limit ? offset ?", String.class, applicant, size, (long) page * size);
    Loaded loaded = load(ids);
    return new Page(ids.stream().filter(loaded.instances::containsKey).map(id -> summary(loaded.instances.get(id), loaded))
        .toList(), total == null ? 0 : total);
  }

  /** 処理済み: the steps the person decided or completed as holder, newest first, with the case each belongs to; one page. */
  Page decisionsOf(String person, int page, int size) {
    String byPerson = " from apr_routing_decision d join apr_case c on c.process_instance_id = d.process_instance_id "
        + "where d.decided_by = ? and d.decision is not null";
    Integer total = jdbc.queryForObject("select count(*)" + byPerson, Integer.class, person);
    List<Map<String, Object>> decisions = jdbc.queryForList("select d.process_instance_id, d.step, d.decision, "
        + "d.decided_at, d.decision_comment" + byPerson + " order by d.decided_at desc, d.id desc limit ? offset ?",
        person, size, (long) page * size);
    Loaded loaded = load(decisions.stream().map(d -> text(value(d, "process_instance_id"))).distinct().toList());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> decided : decisions) {
      HistoricProcessInstance instance = loaded.instances.get(text(value(decided, "process_instance_id")));
      if (instance == null) {
        continue;
      }
      Map<String, Object> row = summary(instance, loaded);
      row.put("step", stepName(instance.getProcessDefinitionId(), text(value(decided, "step"))));
      row.put("decision", DECISIONS.getOrDefault(text(value(decided, "decision")), text(value(decided, "decision"))));
      row.put("decidedAt", format((Date) value(decided, "decided_at")));
      row.put("comment", text(value(decided, "decision_comment")));
      rows.add(row);
    }
    return new Page(rows, total == null ? 0 : total);
  }

  /** A step's name as its BPMN gives it (the engine's deployment cache holds the model). */
  private String stepName(String processDefinitionId, String step) {
    ModelElementInstance element = repository.getBpmnModelInstance(processDefinitionId).getModelElementById(step);
    return element instanceof FlowElement flowElement && flowElement.getName() != null ? flowElement.getName() : step;
  }

  /** The instances of a list with their variables and open tasks, each read in one query for the whole list. */
  private record Loaded(Map<String, HistoricProcessInstance> instances, Map<String, Map<String, Object>> variables,
      Map<String, List<Task>> openTasks, Set<String> returnOverdue) {
  }

  private Loaded load(List<String> ids) {
    if (ids.isEmpty()) {
      return new Loaded(Map.of(), Map.of(), Map.of(), Set.of());
    }
    Map<String, HistoricProcessInstance> instances = new HashMap<>();
    history.createHistoricProcessInstanceQuery().processInstanceIds(new HashSet<>(ids)).list()
        .forEach(instance -> instances.put(instance.getId(), instance));
    Map<String, Map<String, Object>> variables = new HashMap<>();
    collectVariables(history.createHistoricVariableInstanceQuery().processInstanceIdIn(ids.toArray(String[]::new)), variables);
    Map<String, List<Task>> open = new HashMap<>();
    tasks.createTaskQuery().processInstanceIdIn(ids.toArray(String[]::new)).list()
        .forEach(task -> open.computeIfAbsent(task.getProcessInstanceId(), k -> new ArrayList<>()).add(task));
    return new Loaded(instances, variables, open, returnOverdue(ids));
  }

  /** The carry-outs among {@code ids} whose medium is still out after the return date, Japan's today. */
  private Set<String> returnOverdue(List<String> ids) {
    String marks = String.join(",", ids.stream().map(id -> "?").toList());
    List<Object> args = new ArrayList<>(ids);
    args.add(java.sql.Date.valueOf(LocalDate.now(JAPAN)));
    return new HashSet<>(jdbc.queryForList("select process_instance_id from apr_media_carry_out where process_instance_id in ("
        + marks + ") and status = '持出し中' and return_on < ?", String.class, args.toArray()));
  }

  /** What a mail about the case says it is: process, record number, applicant. */
  Map<String, String> mailModel(String processInstanceId) {
    HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId)
        .singleResult();
    Map<String, Object> row = summary(instance);
    return Map.of("processName", String.valueOf(row.get("process")), "recordNumber", String.valueOf(row.get("recordNumber")),
        "applicantName", String.valueOf(row.get("applicantName")));
  }

  /** The process a request belongs to (its key), empty for the platform's own instances. */
  Optional<String> processKeyOf(String processInstanceId) {
    return jdbc.queryForList("select process_key from apr_case where process_instance_id = ?", String.class,
        processInstanceId).stream().findFirst();
  }

  boolean isApplicant(String processInstanceId, String person) {
    return jdbc.queryForObject("select count(*) from apr_case where process_instance_id = ? and applicant_id = ?",
        Integer.class, processInstanceId, person) > 0;
  }

  /** The case page's content, or empty when the case does not exist or the viewer may not see it. */
  Optional<Map<String, Object>> caseFor(String processInstanceId, String viewer) {
    HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
        .processInstanceId(processInstanceId).singleResult();
    if (instance == null || !maySee(instance, viewer)) {
      return Optional.empty();
    }
    Map<String, Object> page = summary(instance);
    page.put("timeline", timeline(instance));
    page.put("fields", fields(instance));
    page.put("myTasks", tasks.createTaskQuery().processInstanceId(processInstanceId).taskAssignee(viewer).list()
        .stream().map(task -> Map.of("id", task.getId(), "name", task.getName())).toList());
    return Optional.of(page);
  }

  /**
   * The applicant, everyone who held or was designated for a step of the case, the applicant's iso and
   * section-iso, the CISO, deputy CISO and chief-iso, and the security office.
   */
  private boolean maySee(HistoricProcessInstance instance, String viewer) {
    Optional<Map<String, Object>> recorded = jdbc.queryForList("select applicant_id from apr_case where process_instance_id = ?",
        instance.getId()).stream().findFirst();
    if (recorded.isEmpty()) {
      return false; // the platform's own processes (reports) are not requests
    }
    String applicant = (String) recorded.get().get("applicant_id");
    if (viewer.equals(applicant) || participants(instance.getId()).contains(viewer)) {
      return true;
    }
    OrgChart chart = charts.current();
    if (chart.person(viewer).isEmpty()) {
      return false;
    }
    if (chart.inSecurityOffice(viewer) || chart.rolesOf(viewer).stream()
        .anyMatch(role -> role == Role.CISO || role == Role.DEPUTY_CISO || role == Role.CHIEF_ISO)) {
      return true;
    }
    // As the registers allow: the iso of the applicant's department, the section-iso of their section.
    return chart.person(applicant).isPresent() && (chart.holds(viewer, Role.ISO, chart.departmentOf(applicant).id())
        || chart.holds(viewer, Role.SECTION_ISO, chart.sectionOf(applicant).id()));
  }

  private Set<String> participants(String processInstanceId) {
    Set<String> people = new HashSet<>();
    history.createHistoricTaskInstanceQuery().processInstanceId(processInstanceId).list().stream()
        .map(HistoricTaskInstance::getAssignee).filter(a -> a != null).forEach(people::add);
    jdbc.queryForList("select designated_person, assignee, decided_by from apr_routing_decision where process_instance_id = ?",
        processInstanceId).forEach(row -> row.values().stream().filter(v -> v != null).map(Object::toString).forEach(people::add));
    return people;
  }

  private Map<String, Object> summary(HistoricProcessInstance instance) {
    return summary(instance, load(List.of(instance.getId())));
  }

  private Map<String, Object> summary(HistoricProcessInstance instance, Loaded loaded) {
    Map<String, Object> vars = loaded.variables.getOrDefault(instance.getId(), Map.of());
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", instance.getId());
    row.put("recordNumber", NUMBER_VARIABLES.stream().map(vars::get).filter(v -> v != null).map(Object::toString)
        .findFirst().orElse(""));
    row.put("process", instance.getProcessDefinitionName() == null ? instance.getProcessDefinitionKey()
        : instance.getProcessDefinitionName());
    row.put("summary", CaseSummary.of(instance.getProcessDefinitionKey(), vars::get));
    row.put("applicantName", vars.getOrDefault("applicantName", ""));
    row.put("startedAt", format(instance.getStartTime()));
    List<Task> open = loaded.openTasks.getOrDefault(instance.getId(), List.of());
    List<Map<String, Object>> steps = new ArrayList<>(open.stream().map(task -> step(task.getName(),
        name(task.getAssignee()), task.getDueDate())).toList());
    if (steps.isEmpty() && instance.getEndTime() == null) {
      // Waiting for a date (the return date, the end of a period): the event says what it waits for.
      history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId()).unfinished().list().stream()
          .map(HistoricActivityInstance::getActivityName).filter(n -> n != null)
          .forEach(n -> steps.add(step("「" + n + "」を待っています", "", null)));
    }
    row.put("currentSteps", steps);
    row.put("status", instance.getEndTime() != null ? outcome(instance)
        : loaded.returnOverdue.contains(instance.getId()) ? RETURN_OVERDUE : "処理中");
    row.put("endedAt", format(instance.getEndTime()));
    return row;
  }

  private static Map<String, Object> step(String name, String holder, @Nullable Date due) {
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("name", name);
    step.put("holder", holder);
    step.put("due", due == null ? "" : DAY.format(due.toInstant()));
    return step;
  }

  /** How the case ended, as its end event names it (承認済み, 却下済み, …). */
  /** How an undecided step ended: done, or cut short by a withdrawal or another end of the case. */
  private static String ended(HistoricTaskInstance task) {
    String reason = task.getDeleteReason();
    if (reason == null || "completed".equals(reason)) {
      return "完了";
    }
    return reason.startsWith(CaseWithdrawn.STATUS) ? "取下げにより終了" : "終了";
  }

  private String outcome(HistoricProcessInstance instance) {
    if (instance.getDeleteReason() != null) {
      return instance.getDeleteReason().startsWith(CaseWithdrawn.STATUS) ? CaseWithdrawn.STATUS : "取消し";
    }
    return history.createHistoricActivityInstanceQuery().processInstanceId(instance.getId()).activityType("noneEndEvent")
        .orderByHistoricActivityInstanceEndTime().desc().list().stream().map(HistoricActivityInstance::getActivityName)
        .filter(n -> n != null).findFirst().orElse("完了");
  }

  private List<Map<String, Object>> timeline(HistoricProcessInstance instance) {
    List<Map<String, Object>> entries = new ArrayList<>();
    entries.add(entry(instance.getStartTime(), "申請", name(instance.getStartUserId()), "", "", ""));
    Map<String, List<Map<String, Object>>> routingByTask = new LinkedHashMap<>();
    jdbc.queryForList("select task_id, reason_code, reason, article, decision, decided_by, decided_at, decision_comment, "
        + "routed_at from apr_routing_decision where process_instance_id = ? order by id", instance.getId())
        .forEach(row -> routingByTask.computeIfAbsent(String.valueOf(value(row, "task_id")), k -> new ArrayList<>()).add(row));
    for (HistoricTaskInstance task : history.createHistoricTaskInstanceQuery().processInstanceId(instance.getId())
        .orderByHistoricActivityInstanceStartTime().asc().list()) {
      List<Map<String, Object>> routing = routingByTask.getOrDefault(task.getId(), List.of());
      for (int i = 1; i < routing.size(); i++) {
        // A re-routing (escalation, reorganisation, conflict, reassignment) is its own line.
        Map<String, Object> moved = routing.get(i);
        entries.add(entry((Date) value(moved, "routed_at"), task.getName() + "（担当の変更）", "", "",
            text(value(moved, "reason")), text(value(moved, "article"))));
      }
      Map<String, Object> last = routing.isEmpty() ? Map.of() : routing.get(routing.size() - 1);
      String decision = DECISIONS.getOrDefault(text(value(last, "decision")), "");
      if (task.getEndTime() == null) {
        entries.add(entry(task.getStartTime(), task.getName(), name(task.getAssignee()), "処理待ち",
            text(value(last, "reason")), text(value(last, "article"))));
      } else {
        Map<String, Object> done = entry(task.getEndTime(), task.getName(), name(task.getAssignee()),
            decision.isEmpty() ? ended(task) : decision,
            text(value(last, "reason")), text(value(last, "article")));
        done.put("comment", text(value(last, "decision_comment")));
        done.put("taskId", task.getId());
        entries.add(done);
      }
    }
    Set<String> endedByRecall = new HashSet<>();
    for (Map<String, Object> recall : jdbc.queryForList("select step_name, kind, person_id, recalled_at, reason, "
        + "ended_task_ids from apr_recall where process_instance_id = ? order by id", instance.getId())) {
      boolean byApplicant = Recall.APPLICANT.equals(text(value(recall, "kind")));
      Map<String, Object> recalled = entry((Date) value(recall, "recalled_at"),
          byApplicant ? "引戻し（申請者）" : "引戻し（" + text(value(recall, "step_name")) + "の判断）",
          name(text(value(recall, "person_id"))), "引戻し", "", "");
      recalled.put("comment", text(value(recall, "reason")));
      entries.add(recalled);
      String ids = text(value(recall, "ended_task_ids"));
      if (!ids.isBlank()) {
        endedByRecall.addAll(List.of(ids.split(",")));
      }
    }
    for (Map<String, Object> entry : entries) {
      if (endedByRecall.contains(entry.remove("taskId")) && "終了".equals(entry.get("outcome"))) {
        entry.put("outcome", "引戻しにより終了");
      }
    }
    if (instance.getEndTime() != null) {
      String ended = instance.getDeleteReason() == null ? "" : instance.getDeleteReason();
      entries.add(entry(instance.getEndTime(), outcome(instance), "", "", ended, ""));
    }
    entries.sort(Comparator.comparing(e -> (String) e.get("sortKey")));
    entries.forEach(e -> e.remove("sortKey"));
    return entries;
  }

  /** The request's fields under the labels of its deployed start form, in the form's order. */
  private Map<String, Object> fields(HistoricProcessInstance instance) {
    Map<String, Object> vars = variables(instance.getId());
    Map<String, Object> fields = new LinkedHashMap<>();
    for (JsonNode component : startFormFields(instance.getProcessDefinitionId())) {
      Object v = vars.get(component.get("key").asText());
      if (v instanceof String || v instanceof Number || v instanceof Boolean) {
        // A choice shows as the label the form showed the applicant, not its stored value.
        String shown = v.toString();
        for (JsonNode option : component.path("values")) {
          if (shown.equals(option.path("value").asText())) {
            shown = option.path("label").asText(shown);
          }
        }
        fields.put(label(component), v instanceof String ? shown : v);
      }
    }
    return fields;
  }

  private List<JsonNode> startFormFields(String processDefinitionId) {
    List<JsonNode> found = new ArrayList<>();
    try (InputStream form = forms.getDeployedStartForm(processDefinitionId)) {
      collectFields(JSON.readTree(form), found);
    } catch (IOException | ProcessEngineException noForm) {
      // a process without a Camunda start form shows no fields
    }
    return found;
  }

  private static void collectFields(JsonNode node, List<JsonNode> found) {
    for (JsonNode component : node.path("components")) {
      if (component.hasNonNull("key") && !label(component).isEmpty()) {
        found.add(component);
      }
      collectFields(component, found);
    }
  }

  /** A field's label; form-js gives a date field its label as dateLabel (the page writes its value yyyy/MM/dd). */
  private static String label(JsonNode component) {
    return component.path("label").asText(component.path("dateLabel").asText(""));
  }

  private Map<String, Object> variables(String processInstanceId) {
    Map<String, Map<String, Object>> byInstance = new HashMap<>();
    collectVariables(history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId), byInstance);
    return byInstance.getOrDefault(processInstanceId, Map.of());
  }

  /** Each instance's own variables (not task-local, not other scopes'), objects never read. */
  private static void collectVariables(HistoricVariableInstanceQuery query, Map<String, Map<String, Object>> byInstance) {
    for (HistoricVariableInstance v : query.disableCustomObjectDeserialization().list()) {
      if (v.getProcessInstanceId() != null && v.getProcessInstanceId().equals(v.getExecutionId()) && v.getTaskId() == null
          && !(v.getTypedValue() instanceof ObjectValue) && v.getValue() != null) {
        byInstance.computeIfAbsent(v.getProcessInstanceId(), k -> new LinkedHashMap<>()).putIfAbsent(v.getName(), v.getValue());
      }
    }
  }


  private static Map<String, Object> entry(@Nullable Date at, String step, String who, String outcome, String reason,
      String article) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("at", format(at));
    e.put("sortKey", at == null ? "" : String.format("%020d", at.getTime()));
    e.put("step", step);
    e.put("who", who);
    e.put("outcome", outcome);
    e.put("reason", reason);
    e.put("article", article);
    return e;
  }

  private static Object value(Map<String, Object> row, String column) {
    Object v = row.get(column);
    return v != null ? v : row.get(column.toUpperCase());
  }

  private static String text(@Nullable Object value) {
    return value == null ? "" : value.toString();
  }

  private static String format(@Nullable Date at) {
    return at == null ? "" : TIME.format(at.toInstant());
  }

  /** The person's name on the current chart, or the id for someone not on it. */
  String name(@Nullable String personId) {
    if (personId == null) {
      return "";
    }
    return charts.current().person(personId).map(Person::name).orElse(personId);
  }

}
