package jp.go.jica.approval.security;

import jp.go.jica.approval.routing.RoutingException;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.AuthorizationCommandChecker;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextFactory;
import org.springframework.stereotype.Component;

/**
 * A refusal is the client's fault, not the platform's: the engine logs it at DEBUG, as it already does
 * for its own refusals, also when a listener's refusal reaches it wrapped ("Exception while invoking
 * TaskListener"), when the routing finds nobody to assign, a task is already held, an id names nothing or
 * a query asks what cannot be asked; the REST layer writes the one INFO line ({@link ErrorBodyFilter}).
 * Real errors keep the engine's ERROR with the stack trace.
 */
@Component
class RefusalLogging extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    CommandContextFactory factory = new CommandContextFactory() {
      @Override
      public CommandContext createCommandContext() {
        return new CommandContext(getProcessEngineConfiguration()) {
          @Override
          protected boolean shouldLogInfo(Throwable exception) {
            // Camunda logs a claim of a held task at INFO with its stack trace
            return super.shouldLogInfo(exception) && !refusal(exception);
          }

          @Override
          protected boolean shouldLogFine(Throwable exception) {
            return super.shouldLogFine(exception) || refusal(exception);
          }
        };
      }
    };
    factory.setProcessEngineConfiguration(configuration);
    configuration.setCommandContextFactory(factory);
  }

  static boolean refusal(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof BadUserRequestException || cause instanceof AuthorizationException
          || cause instanceof OptimisticLockingException || cause instanceof TaskAlreadyClaimedException
          || cause instanceof RoutingException || cause instanceof NullValueException || missingEntity(cause)
          || cause instanceof ProcessEngineException && EngineMessages.clientMistake(cause.getMessage())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Camunda 7.24's authorization checker dereferences the task it was asked to check without looking
   * whether it exists (reading the form or the variables of an unknown task id): the client's typo, not a fault.
   */
  static boolean missingEntity(Throwable exception) {
    if (!(exception instanceof NullPointerException) || exception.getStackTrace().length == 0) {
      return false;
    }
    return exception.getStackTrace()[0].getClassName().equals(AuthorizationCommandChecker.class.getName());
  }
}
