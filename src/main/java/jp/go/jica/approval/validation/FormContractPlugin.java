package jp.go.jica.approval.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.GetDeployedTaskFormCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.GetDeployedStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import jp.go.jica.approval.organization.OrgChartService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Makes the deployed Camunda Form of each step the server's contract: a user's start is checked against
 * the start event's form, a user's completion against the user task's form (same deployment rules as
 * Tasklist uses to show it). Registered as built-in listeners on every process and user task, so no
 * BPMN and no client can avoid it; they run after the separation-of-duties guard.
 */
@Component
class FormContractPlugin extends AbstractProcessEnginePlugin {

  /** Set by the separation-of-duties guard at start, never by the client (which it refuses). */
  private static final Set<String> PLATFORM_START_NAMES = Set.of("applicant", "applicantName");

  /** What the current command submits to a task: its id and variables. */
  private record Submission(String taskId, Map<String, Object> variables) {
  }

  private static final ThreadLocal<Submission> SUBMISSION = new ThreadLocal<>();

  // Looked up when a form is checked: the chart service needs the database the engine is still building.
  private final ObjectProvider<OrgChartService> charts;

  FormContractPlugin(ObjectProvider<OrgChartService> charts) {
    this.charts = charts;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPostBPMNParseListeners() == null) {
      configuration.setCustomPostBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
      @Override
      public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
        processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) FormContractPlugin.this::checkStart);
      }

      @Override
      public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
        ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition()
            .addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, (TaskListener) FormContractPlugin.this::checkCompletion);
      }
    });
    List<CommandInterceptor> interceptors = new ArrayList<>();
    interceptors.add(new SubmissionRecorder());
    if (configuration.getCustomPreCommandInterceptorsTxRequired() != null) {
      interceptors.addAll(configuration.getCustomPreCommandInterceptorsTxRequired());
    }
    configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
  }

  /** A user's start: the variables given are exactly the process instance's own at this moment. */
  void checkStart(DelegateExecution execution) {
    CommandContext command = Context.getCommandContext();
    if (command.getAuthenticatedUserId() == null || PlatformSubmission.active()) {
      return; // started by the platform (a timer, the Java API without a user, a renewal from the register)
    }
    String definitionId = execution.getProcessDefinitionId();
    FormContract contract = contract(() -> command.runWithoutAuthorization(
        () -> new GetDeployedStartFormCmd(definitionId).execute(command)));
    if (contract != null) {
      Object applicant = execution.getVariableLocal("applicant");
      refuseIfAny(contract, execution.getVariablesLocal(), Map.of(), PLATFORM_START_NAMES,
          applicant == null ? command.getAuthenticatedUserId() : applicant.toString());
    }
  }

  /** A user's completion of this task: the variables the command carries (recorded before it ran). */
  void checkCompletion(DelegateTask task) {
    Submission submission = SUBMISSION.get();
    if (submission == null || !task.getId().equals(submission.taskId())
        || Context.getCommandContext().getAuthenticatedUserId() == null) {
      return;
    }
    CommandContext command = Context.getCommandContext();
    FormContract contract = contract(() -> command.runWithoutAuthorization(
        () -> new GetDeployedTaskFormCmd(task.getId()).execute(command)));
    if (contract != null) {
      // The form opened with the task's variables: its show/hide conditions read them too.
      Object applicant = task.getVariable("applicant");
      refuseIfAny(contract, submission.variables(), task.getVariables(), Set.of(),
          applicant == null ? null : applicant.toString());
    }
  }

  private void refuseIfAny(FormContract contract, Map<String, Object> submitted, Map<String, Object> known,
      Set<String> platformNames, String applicant) {
    List<String> problems = new ArrayList<>(contract.problems(submitted, known, platformNames));
    OrgChartService chart = charts.getIfAvailable();
    if (chart != null) {
      var current = chart.current();
      problems.addAll(contract.peopleProblems(submitted, id -> current.person(id).isPresent(), applicant));
    }
    if (!problems.isEmpty()) {
      throw new BadUserRequestException("入力内容を確認してください: " + String.join(" ／ ", problems));
    }
  }

  /**
   * The parsed form of a step as the engine resolves it now (a form bound to "latest" changes with a form
   * deployment, on every node), or null when the step has no Camunda Form. The lookup runs inside the current
   * command: through the form service, a step without a form would mark the whole transaction rollback-only.
   */
  private static FormContract contract(Supplier<InputStream> form) {
    InputStream in;
    try {
      in = form.get();
    } catch (RuntimeException noCamundaForm) {
      // No form (or an embedded/external one): nothing here to check the submission against.
      return null;
    }
    try (in) {
      return FormContract.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Remembers what a completion submits, which the task's complete listener cannot otherwise tell apart. */
  private static final class SubmissionRecorder extends CommandInterceptor {
    private static final Field COMPLETE_TASK = field(CompleteTaskCmd.class, "taskId");
    private static final Field COMPLETE_VARIABLES = field(CompleteTaskCmd.class, "variables");
    private static final Field SUBMIT_TASK = field(SubmitTaskFormCmd.class, "taskId");
    private static final Field SUBMIT_VARIABLES = field(SubmitTaskFormCmd.class, "properties");

    @Override
    public <T> T execute(Command<T> command) {
      Submission submission = null;
      if (command instanceof CompleteTaskCmd) {
        submission = submission(command, COMPLETE_TASK, COMPLETE_VARIABLES);
      } else if (command instanceof SubmitTaskFormCmd) {
        submission = submission(command, SUBMIT_TASK, SUBMIT_VARIABLES);
      }
      if (submission == null) {
        return next.execute(command);
      }
      Submission outer = SUBMISSION.get();
      SUBMISSION.set(submission);
      try {
        return next.execute(command);
      } finally {
        SUBMISSION.set(outer);
      }
    }

    @SuppressWarnings("unchecked")
    private static Submission submission(Object command, Field task, Field variables) {
      try {
        Map<String, Object> values = (Map<String, Object>) variables.get(command);
        return new Submission((String) task.get(command), values == null ? Map.of() : new HashMap<>(values));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }

    // Camunda 7.24 is the last Community release, so these command fields will not move under us.
    private static Field field(Class<?> type, String name) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException("Camunda changed " + type.getName() + "." + name, e);
      }
    }
  }
}
