package jp.go.jica.approval.routing;

import java.util.Date;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandlerConfiguration;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TimerEntity;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The engine timer job behind a step's reminder and overdue mail ({@link DueDates}). On the job executor, whose
 * lock lets one node run it, once: the mails are queued in the job's transaction and the job ends with it, so a
 * second node finds nothing to run and a failed run queues nothing (no Spring scheduling per node).
 */
@Component
class DueJobHandler implements JobHandler<DueJobHandler.Configuration> {

  static final String TYPE = "approval-due";

  // DueDates needs the engine's services, which need this handler registered first.
  private final ObjectProvider<DueDates> dueDates;

  DueJobHandler(ObjectProvider<DueDates> dueDates) {
    this.dueDates = dueDates;
  }

  /**
   * A timer job for the task, not tied to its process instance: the step's listeners delete it when the step ends,
   * and a job in the instance would be counted among the instance's own (the BPMN's timers, the mail jobs).
   */
  static void schedule(String taskId, String kind, Date due) {
    TimerEntity timer = new TimerEntity();
    timer.setJobHandlerType(TYPE);
    timer.setJobHandlerConfiguration(new Configuration(taskId, kind));
    timer.setDuedate(due);
    Context.getCommandContext().getJobManager().schedule(timer);
  }

  @Override
  public String getType() {
    return TYPE;
  }

  @Override
  public void execute(Configuration configuration, ExecutionEntity execution, CommandContext commandContext,
      String tenantId) {
    TaskEntity task = commandContext.getTaskManager().findTaskById(configuration.taskId());
    if (task != null) {
      dueDates.getObject().remind(task, configuration.kind());
    }
  }

  @Override
  public Configuration newConfiguration(String canonicalString) {
    int colon = canonicalString.lastIndexOf(':');
    return new Configuration(canonicalString.substring(0, colon), canonicalString.substring(colon + 1));
  }

  @Override
  public void onDelete(Configuration configuration, JobEntity jobEntity) {
    // nothing kept besides the job
  }

  /** The task and which mail: {@link DueDates#REMINDER} or {@link DueDates#OVERDUE}. */
  record Configuration(String taskId, String kind) implements JobHandlerConfiguration {
    @Override
    public String toCanonicalString() {
      return taskId + ":" + kind;
    }
  }
}
