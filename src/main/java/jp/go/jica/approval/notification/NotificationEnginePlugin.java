package jp.go.jica.approval.notification;

import java.util.ArrayList;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Registers the mail job with the engine, so mail rides on the job executor (retries, incidents, cluster),
 * and puts {@link TaskDescriptions} on every user task as a built-in listener, which no BPMN can remove and
 * {@code skipCustomListeners} does not skip.
 */
@Component
class NotificationEnginePlugin extends AbstractProcessEnginePlugin {

  private final MailJobHandler mailJobHandler;
  private final TaskDescriptions descriptions;

  NotificationEnginePlugin(MailJobHandler mailJobHandler, TaskDescriptions descriptions) {
    this.mailJobHandler = mailJobHandler;
    this.descriptions = descriptions;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomJobHandlers() == null) {
      configuration.setCustomJobHandlers(new ArrayList<>());
    }
    configuration.getCustomJobHandlers().add(mailJobHandler);
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
      @Override
      public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
        ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition()
            .addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, descriptions);
      }
    });
  }
}
