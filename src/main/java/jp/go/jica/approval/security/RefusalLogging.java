package jp.go.jica.approval.security;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextFactory;
import org.springframework.stereotype.Component;

/**
 * A refusal is the client's fault, not the platform's: the engine logs it at DEBUG, as it already does
 * for its own refusals, also when a listener's refusal reaches it wrapped ("Exception while invoking
 * TaskListener"); the REST layer writes the one INFO line ({@link GuardRefusalMapper}). Real errors keep
 * the engine's ERROR with the stack trace.
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
          || cause instanceof OptimisticLockingException) {
        return true;
      }
    }
    return false;
  }
}
