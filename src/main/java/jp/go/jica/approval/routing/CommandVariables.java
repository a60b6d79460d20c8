package jp.go.jica.approval.routing;

import static java.util.Map.entry;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.camunda.bpm.engine.impl.MessageCorrelationBuilderImpl;
import org.camunda.bpm.engine.impl.ModificationBuilderImpl;
import org.camunda.bpm.engine.impl.ProcessInstanceModificationBuilderImpl;
import org.camunda.bpm.engine.impl.SignalEventReceivedBuilderImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractCorrelateMessageCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractInstantiationCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractModificationCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractPatchVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractProcessInstanceModificationCommand;
import org.camunda.bpm.engine.impl.cmd.AbstractRemoveVariableCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractSetVariableCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractVariableCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.CorrelateAllMessageCmd;
import org.camunda.bpm.engine.impl.cmd.CorrelateMessageCmd;
import org.camunda.bpm.engine.impl.cmd.ExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.HandleExternalTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleExternalTaskFailureCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.MessageEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceAsyncCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.PatchExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.PatchTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.ProcessInstanceModificationBatchCmd;
import org.camunda.bpm.engine.impl.cmd.ProcessInstanceModificationCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.RemoveTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SetExecutionVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.SignalCmd;
import org.camunda.bpm.engine.impl.cmd.SignalEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.cmd.batch.CorrelateAllMessageBatchCmd;
import org.camunda.bpm.engine.impl.cmd.batch.variables.SetVariablesToProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.cmmn.cmd.CaseExecutionVariableCmd;
import org.camunda.bpm.engine.impl.migration.AbstractMigrationCmd;
import org.camunda.bpm.engine.impl.migration.MigrateProcessInstanceCmd;
import org.camunda.bpm.engine.impl.migration.MigrationPlanExecutionBuilderImpl;
import org.camunda.bpm.engine.impl.migration.batch.MigrateProcessInstanceBatchCmd;
import org.springframework.lang.Nullable;

/**
 * What an engine command writes into a running case's variables, and where, read from the command before it
 * runs: every command of Camunda 7.24 that sets, changes or removes variables of a task, an execution or a
 * process instance, or carries variables into one (completions, messages, signals, external tasks, BPMN
 * errors and escalations, modification, migration, batches; CMMN case executions too).
 */
final class CommandVariables {

  /** Where a command writes: a task, an execution (or process instance), an external task, or unknown. */
  enum Target { TASK, EXECUTION, EXTERNAL_TASK, UNKNOWN }

  /** How a command writes variables, which decides whether an employee may send it. */
  enum Kind {
    /** A task's completion: the form is the contract (checked against the deployed form elsewhere). */
    FORM,
    /** An event or modification that carries variables along. */
    CARRIED,
    /** A command that exists to write or remove variables. */
    DIRECT
  }

  /** What one command writes, and where. */
  record Writes(Kind kind, Target target, @Nullable String id, Set<String> names) {
  }

  private static final Field CASE_VARIABLES = field(CaseExecutionVariableCmd.class, "variables");
  private static final Field CASE_LOCAL = field(CaseExecutionVariableCmd.class, "variablesLocal");
  private static final Field CASE_DELETIONS = field(CaseExecutionVariableCmd.class, "variablesDeletions");
  private static final Field CASE_LOCAL_DELETIONS = field(CaseExecutionVariableCmd.class, "variablesLocalDeletions");
  private static final Map<Class<?>, Function<Object, Writes>> TABLE = table();

  private CommandVariables() {
  }

  /** What the command writes, or null when it writes no case variables. */
  @Nullable
  static Writes of(Object command) {
    Function<Object, Writes> writes = TABLE.get(command.getClass());
    if (writes == null && command instanceof CaseExecutionVariableCmd) {
      writes = CommandVariables::caseVariables;
    }
    return writes == null ? null : writes.apply(command);
  }

  private static Map<Class<?>, Function<Object, Writes>> table() {
    Field taskId = field(CompleteTaskCmd.class, "taskId");
    Field taskVariables = field(CompleteTaskCmd.class, "variables");
    Field formTask = field(SubmitTaskFormCmd.class, "taskId");
    Field formProperties = field(SubmitTaskFormCmd.class, "properties");
    Field errorTask = field(HandleTaskBpmnErrorCmd.class, "taskId");
    Field errorVariables = field(HandleTaskBpmnErrorCmd.class, "variables");
    Field escalationTask = field(HandleTaskEscalationCmd.class, "taskId");
    Field escalationVariables = field(HandleTaskEscalationCmd.class, "variables");
    Field entity = field(AbstractVariableCmd.class, "entityId");
    Field set = field(AbstractSetVariableCmd.class, "variables");
    Field removed = field(AbstractRemoveVariableCmd.class, "variableNames");
    Field patchEntity = field(AbstractPatchVariablesCmd.class, "entityId");
    Field patched = field(AbstractPatchVariablesCmd.class, "variables");
    Field deleted = field(AbstractPatchVariablesCmd.class, "deletions");
    Field signalExecution = field(SignalCmd.class, "executionId");
    Field signalVariables = field(SignalCmd.class, "processVariables");
    Field messageExecution = field(MessageEventReceivedCmd.class, "executionId");
    Field messageVariables = field(MessageEventReceivedCmd.class, "processVariables");
    Field messageLocal = field(MessageEventReceivedCmd.class, "processVariablesLocal");
    Field messageTriggered = field(MessageEventReceivedCmd.class, "processVariablesToTriggeredScope");
    Field correlation = field(AbstractCorrelateMessageCmd.class, "builder");
    Field batchCorrelation = field(CorrelateAllMessageBatchCmd.class, "variables");
    Field signalBuilder = field(SignalEventReceivedCmd.class, "builder");
    Field batchVariables = field(SetVariablesToProcessInstancesBatchCmd.class, "variables");
    Field externalTask = field(ExternalTaskCmd.class, "externalTaskId");
    Field completeVariables = field(CompleteExternalTaskCmd.class, "variables");
    Field completeLocal = field(CompleteExternalTaskCmd.class, "localVariables");
    Field failureVariables = field(HandleExternalTaskFailureCmd.class, "variables");
    Field failureLocal = field(HandleExternalTaskFailureCmd.class, "localVariables");
    Field externalErrorVariables = field(HandleExternalTaskBpmnErrorCmd.class, "variables");
    Field modification = field(ModifyProcessInstanceCmd.class, "builder");
    Field asyncModification = field(ModifyProcessInstanceAsyncCmd.class, "builder");
    Field batchModification = field(AbstractModificationCmd.class, "builder");
    Field migration = field(AbstractMigrationCmd.class, "executionBuilder");

    Function<Object, Writes> taskSet = c -> new Writes(Kind.DIRECT, Target.TASK, (String) read(entity, c),
        names(read(set, c)));
    Function<Object, Writes> taskRemove = c -> new Writes(Kind.DIRECT, Target.TASK, (String) read(entity, c),
        names(read(removed, c)));
    Function<Object, Writes> executionSet = c -> new Writes(Kind.DIRECT, Target.EXECUTION, (String) read(entity, c),
        names(read(set, c)));
    Function<Object, Writes> executionRemove = c -> new Writes(Kind.DIRECT, Target.EXECUTION,
        (String) read(entity, c), names(read(removed, c)));
    Function<Object, Writes> correlate = c -> {
      MessageCorrelationBuilderImpl builder = (MessageCorrelationBuilderImpl) read(correlation, c);
      String instance = builder.getProcessInstanceId();
      return new Writes(Kind.CARRIED, instance == null ? Target.UNKNOWN : Target.EXECUTION, instance,
          names(builder.getPayloadProcessInstanceVariables(), builder.getPayloadProcessInstanceVariablesLocal(),
              builder.getPayloadProcessInstanceVariablesToTriggeredScope()));
    };
    Function<Object, Writes> modify = c -> modification((ProcessInstanceModificationBuilderImpl) read(
        c instanceof ModifyProcessInstanceCmd ? modification : asyncModification, c));
    Function<Object, Writes> migrate = c -> new Writes(Kind.CARRIED, Target.UNKNOWN, null,
        names(((MigrationPlanExecutionBuilderImpl) read(migration, c)).getMigrationPlan().getVariables()));
    Function<Object, Writes> modifyMany = c -> new Writes(Kind.CARRIED, Target.UNKNOWN, null,
        instructionNames(((ModificationBuilderImpl) read(batchModification, c)).getInstructions()));

    return Map.ofEntries(
        entry(CompleteTaskCmd.class, c -> new Writes(Kind.FORM, Target.TASK, (String) read(taskId, c),
            names(read(taskVariables, c)))),
        entry(SubmitTaskFormCmd.class, c -> new Writes(Kind.FORM, Target.TASK, (String) read(formTask, c),
            names(read(formProperties, c)))),
        entry(HandleTaskBpmnErrorCmd.class, c -> new Writes(Kind.CARRIED, Target.TASK, (String) read(errorTask, c),
            names(read(errorVariables, c)))),
        entry(HandleTaskEscalationCmd.class, c -> new Writes(Kind.CARRIED, Target.TASK,
            (String) read(escalationTask, c), names(read(escalationVariables, c)))),
        entry(SetTaskVariablesCmd.class, taskSet),
        entry(RemoveTaskVariablesCmd.class, taskRemove),
        entry(PatchTaskVariablesCmd.class, c -> new Writes(Kind.DIRECT, Target.TASK, (String) read(patchEntity, c),
            names(read(patched, c), read(deleted, c)))),
        entry(SetExecutionVariablesCmd.class, executionSet),
        entry(RemoveExecutionVariablesCmd.class, executionRemove),
        entry(PatchExecutionVariablesCmd.class, c -> new Writes(Kind.DIRECT, Target.EXECUTION,
            (String) read(patchEntity, c), names(read(patched, c), read(deleted, c)))),
        entry(SetVariablesToProcessInstancesBatchCmd.class, c -> new Writes(Kind.DIRECT, Target.UNKNOWN, null,
            names(read(batchVariables, c)))),
        entry(SignalCmd.class, c -> new Writes(Kind.CARRIED, Target.EXECUTION, (String) read(signalExecution, c),
            names(read(signalVariables, c)))),
        entry(MessageEventReceivedCmd.class, c -> new Writes(Kind.CARRIED, Target.EXECUTION,
            (String) read(messageExecution, c),
            names(read(messageVariables, c), read(messageLocal, c), read(messageTriggered, c)))),
        entry(CorrelateMessageCmd.class, correlate),
        entry(CorrelateAllMessageCmd.class, correlate),
        entry(CorrelateAllMessageBatchCmd.class, c -> new Writes(Kind.CARRIED, Target.UNKNOWN, null,
            names(read(batchCorrelation, c)))),
        entry(SignalEventReceivedCmd.class, c -> {
          SignalEventReceivedBuilderImpl builder = (SignalEventReceivedBuilderImpl) read(signalBuilder, c);
          return new Writes(Kind.CARRIED, builder.getExecutionId() == null ? Target.UNKNOWN : Target.EXECUTION,
              builder.getExecutionId(), names(builder.getVariables()));
        }),
        entry(CompleteExternalTaskCmd.class, c -> new Writes(Kind.CARRIED, Target.EXTERNAL_TASK,
            (String) read(externalTask, c), names(read(completeVariables, c), read(completeLocal, c)))),
        entry(HandleExternalTaskFailureCmd.class, c -> new Writes(Kind.CARRIED, Target.EXTERNAL_TASK,
            (String) read(externalTask, c), names(read(failureVariables, c), read(failureLocal, c)))),
        entry(HandleExternalTaskBpmnErrorCmd.class, c -> new Writes(Kind.CARRIED, Target.EXTERNAL_TASK,
            (String) read(externalTask, c), names(read(externalErrorVariables, c)))),
        entry(ModifyProcessInstanceCmd.class, modify),
        entry(ModifyProcessInstanceAsyncCmd.class, modify),
        entry(ProcessInstanceModificationCmd.class, modifyMany),
        entry(ProcessInstanceModificationBatchCmd.class, modifyMany),
        entry(MigrateProcessInstanceCmd.class, migrate),
        entry(MigrateProcessInstanceBatchCmd.class, migrate));
  }

  private static Writes modification(ProcessInstanceModificationBuilderImpl builder) {
    Set<String> names = instructionNames(builder.getModificationOperations());
    names.addAll(names(builder.getProcessVariables()));
    return new Writes(Kind.CARRIED, Target.EXECUTION, builder.getProcessInstanceId(), names);
  }

  private static Set<String> instructionNames(List<AbstractProcessInstanceModificationCommand> instructions) {
    Set<String> names = new LinkedHashSet<>();
    if (instructions != null) {
      for (AbstractProcessInstanceModificationCommand instruction : instructions) {
        if (instruction instanceof AbstractInstantiationCmd instantiation) {
          names.addAll(names(instantiation.getVariables(), instantiation.getVariablesLocal()));
        }
      }
    }
    return names;
  }

  /** CMMN case executions (the platform deploys none): their variables are no case's to change either. */
  private static Writes caseVariables(Object command) {
    return new Writes(Kind.DIRECT, Target.UNKNOWN, null, names(read(CASE_VARIABLES, command),
        read(CASE_LOCAL, command), read(CASE_DELETIONS, command), read(CASE_LOCAL_DELETIONS, command)));
  }

  /** The variable names in maps (their keys) and collections (removals). */
  private static Set<String> names(Object... sources) {
    Set<String> names = new LinkedHashSet<>();
    for (Object source : sources) {
      if (source instanceof Map<?, ?> map) {
        map.keySet().forEach(name -> names.add(String.valueOf(name)));
      } else if (source instanceof Collection<?> collection) {
        collection.forEach(name -> names.add(String.valueOf(name)));
      }
    }
    return names;
  }

  static Object read(Field field, Object command) {
    try {
      return field.get(command);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  // Camunda 7.24 is the last Community release, so these command fields will not move under us; a
  // change would fail here at start, not silently let a write through.
  static Field field(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField(name);
        field.setAccessible(true);
        return field;
      } catch (NoSuchFieldException e) {
        // declared higher up
      }
    }
    throw new IllegalStateException("Camunda changed " + type.getName() + "." + name);
  }
}
