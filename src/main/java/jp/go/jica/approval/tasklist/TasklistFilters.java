package jp.go.jica.approval.tasklist;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Creates the shared Tasklist filters if missing. Their expressions ({@code ${currentUser()}},
 * {@code ${currentUserGroups()}}, {@code ${now()}}) are among the few the engine lets queries and filters
 * evaluate (security.QueryExpressionGuard); a filter with any other expression is refused, whoever saves it.
 */
@Component
class TasklistFilters {

  private static final Logger log = LoggerFactory.getLogger(TasklistFilters.class);

  /**
   * Shown under each task in the list: record number, applicant and the one-line summary, the request
   * variable notification.TaskDescriptions keeps (a name, not a dependency: Tasklist reads it by name).
   */
  private static final List<Map<String, String>> CASE_COLUMNS = List.of(Map.of("name", "caseTitle", "label", "申請"));

  private final FilterService filters;
  private final TaskService tasks;

  TasklistFilters(FilterService filters, TaskService tasks) {
    this.filters = filters;
    this.tasks = tasks;
  }

  @EventListener(ApplicationStartedEvent.class)
  void createMissing() {
    create("自分のタスク", "自分に割り当てられたタスク", -10, "#3b7dd8",
        tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}"));
    create("期限切れ", "期限を過ぎた自分のタスク", -5, "#d9534f",
        tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}").dueBeforeExpression("${now()}"));
    create("グループのタスク", "自分のグループが担当できる未割当のタスク", 0, "#5cb85c",
        tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}").taskUnassigned());
  }

  private void create(String name, String description, int priority, String color, TaskQuery query) {
    Filter existing = filters.createFilterQuery().filterName(name).singleResult();
    if (existing != null) {
      // Filters saved before the list showed the request line get it; anything else an administrator set stays.
      if (!existing.getProperties().containsKey("variables")) {
        existing.getProperties().put("variables", CASE_COLUMNS);
        filters.saveFilter(existing);
      }
      return;
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("description", description);
    properties.put("priority", priority);
    properties.put("color", color);
    properties.put("refresh", true);
    properties.put("variables", CASE_COLUMNS);
    Filter filter = filters.newTaskFilter(name).setQuery(query).setProperties(properties);
    filters.saveFilter(filter);
    log.info("Created Tasklist filter {}", name);
  }
}
