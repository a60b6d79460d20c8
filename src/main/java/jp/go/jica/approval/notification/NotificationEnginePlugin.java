package jp.go.jica.approval.notification;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/** Registers the mail job with the engine, so mail rides on the job executor (retries, incidents, cluster). */
@Component
class NotificationEnginePlugin extends AbstractProcessEnginePlugin {

  private final MailJobHandler mailJobHandler;

  NotificationEnginePlugin(MailJobHandler mailJobHandler) {
    this.mailJobHandler = mailJobHandler;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomJobHandlers() == null) {
      configuration.setCustomJobHandlers(new ArrayList<>());
    }
    configuration.getCustomJobHandlers().add(mailJobHandler);
  }
}
