package jp.go.jica.approval.routing;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Gives every deployed user task its due date and reminders ({@link DueDates}) as built-in listeners, so no BPMN
 * can drop them and {@code skipCustomListeners} skips none, and registers the due job ({@link DueJobHandler}).
 * A post-parse listener: its create listener runs after the BPMN's own (which {@link RoutingEnginePlugin} makes
 * built-in in its pre-parse pass), so a date a BPMN listener sets is kept.
 */
@Component
class DueDatePlugin extends AbstractProcessEnginePlugin {

  private final DueJobHandler jobHandler;
  private final TaskListener onCreate;
  private final TaskListener onEnd;

  DueDatePlugin(DueJobHandler jobHandler, ObjectProvider<DueDates> dueDates) {
    this.jobHandler = jobHandler;
    this.onCreate = task -> dueDates.getObject().onCreate(task);
    this.onEnd = task -> dueDates.getObject().onEnd(task);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomJobHandlers() == null) {
      configuration.setCustomJobHandlers(new ArrayList<>());
    }
    configuration.getCustomJobHandlers().add(jobHandler);
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
      @Override
      public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
        String assignee = userTaskElement.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "assignee");
        activity.setProperty(DueDates.APPLICANTS_OWN, assignee != null && assignee.replace(" ", "").equals("${applicant}"));
      }

      @Override
      public void parseRootElement(Element rootElement, List<ProcessDefinitionEntity> processDefinitions) {
        processDefinitions.forEach(this::addListeners);
      }

      private void addListeners(ScopeImpl scope) {
        for (ActivityImpl activity : scope.getActivities()) {
          if (activity.getActivityBehavior() instanceof UserTaskActivityBehavior userTask) {
            TaskDefinition task = userTask.getTaskDefinition();
            task.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, onCreate);
            task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, onEnd);
            task.addBuiltInTaskListener(TaskListener.EVENTNAME_DELETE, onEnd);
          }
          addListeners(activity);
        }
      }
    });
  }
}
