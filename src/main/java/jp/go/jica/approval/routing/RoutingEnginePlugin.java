package jp.go.jica.approval.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.core.model.CoreModelElement;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.PvmTransition;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.pvm.process.TransitionImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Puts {@link SeparationOfDutiesGuard} on every deployed process and user task at parse time, so
 * a BPMN edited in Camunda Modeler cannot drop it, and makes every listener a BPMN declares (the
 * router, the form checks, the checklists) built-in, so {@code skipCustomListeners} skips none of them.
 * After a user task's own create listeners, {@link ApprovalRouter#climbPastConflicts} moves a holder in
 * conflict on the case; each task's {@link CaseSide} is read from its BPMN here.
 */
@Component
class RoutingEnginePlugin extends AbstractProcessEnginePlugin {

  private final SeparationOfDutiesGuard guard;
  private final TaskListener climbPastConflicts;

  // The router needs the engine's services, which need this plugin first: it is looked up when a task is created.
  RoutingEnginePlugin(SeparationOfDutiesGuard guard, ObjectProvider<ApprovalRouter> router) {
    this.guard = guard;
    this.climbPastConflicts = task -> router.getObject().climbPastConflicts(task);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    // The engine grants a task's assignee this right on assignment. UPDATE would let an approver hand the
    // task to anyone or rewrite the case's variables; TASK_WORK lets them claim and complete it, no more.
    configuration.setDefaultUserPermissionNameForTask(Permissions.TASK_WORK.getName());
    if (configuration.getCustomPreBPMNParseListeners() == null) {
      configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPreBPMNParseListeners().add(new AbstractBpmnParseListener() {
      @Override
      public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
        processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_START,
            (ExecutionListener) guard::onProcessStart);
      }

      @Override
      public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
        activity.setProperty(CaseSide.PROPERTY, CaseSide.of(userTaskElement));
        DutyRole.of(userTaskElement).ifPresent(role -> activity.setProperty(DutyRole.PROPERTY, role));
        TaskDefinition task = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
        task.addBuiltInTaskListener(TaskListener.EVENTNAME_ASSIGNMENT, (TaskListener) guard::onAssignment);
        task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, (TaskListener) guard::onComplete);
      }

      @Override
      public void parseRootElement(Element rootElement, List<ProcessDefinitionEntity> processDefinitions) {
        processDefinitions.forEach(definition -> makeListenersBuiltIn(definition, climbPastConflicts));
      }
    });
  }

  /**
   * Routing, form checks and register writes live in listeners the BPMN declares. Declared listeners
   * are "custom" to the engine and skipped on request; registering them as built-in too (same order)
   * means a case can never run without them. {@code afterCreate} runs after a user task's own create listeners.
   */
  static void makeListenersBuiltIn(ScopeImpl scope, TaskListener afterCreate) {
    copyExecutionListeners(scope);
    for (ActivityImpl activity : scope.getActivities()) {
      if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
        makeTaskListenersBuiltIn(userTask.getTaskDefinition());
        userTask.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, afterCreate);
      }
      for (PvmTransition transition : activity.getOutgoingTransitions()) {
        copyExecutionListeners((TransitionImpl) transition);
      }
      makeListenersBuiltIn(activity, afterCreate);
    }
  }

  /**
   * The element's listeners (built-in ones such as the engine's history listeners, and the declared ones, in
   * their order) all become built-in; the declared ones step aside while the platform ends a case
   * ({@link PlatformOperation#withoutModelListeners}).
   */
  private static void copyExecutionListeners(CoreModelElement element) {
    element.getListeners().forEach((event, all) -> {
      List<?> builtIn = element.getBuiltInListeners().getOrDefault(event, List.of());
      element.getBuiltInListeners().put(event, new ArrayList<>(all.stream()
          .map(l -> !builtIn.contains(l) && l instanceof ExecutionListener declared ? (ExecutionListener) execution -> {
            if (!PlatformOperation.modelListenersSkipped()) {
              declared.notify(execution);
            }
          } : l).toList()));
    });
  }

  private static void makeTaskListenersBuiltIn(TaskDefinition task) {
    Map<String, List<TaskListener>> declared = task.getTaskListeners();
    // Built-in task listeners run before declared ones, so the guard keeps running first.
    task.setTaskListeners(new HashMap<>());
    declared.forEach((event, listeners) -> listeners.forEach(l -> task.addBuiltInTaskListener(event, delegateTask -> {
      if (!PlatformOperation.modelListenersSkipped()) {
        l.notify(delegateTask);
      }
    })));
  }
}
