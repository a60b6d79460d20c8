package jp.go.jica.approval.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.impl.batch.RestartProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceAsyncCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.ProcessInstanceModificationBatchCmd;
import org.camunda.bpm.engine.impl.cmd.ProcessInstanceModificationCmd;
import org.camunda.bpm.engine.impl.cmd.RestartProcessInstancesCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceAtActivitiesCmd;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.migration.MigrateProcessInstanceCmd;
import org.camunda.bpm.engine.impl.migration.batch.MigrateProcessInstanceBatchCmd;
import org.springframework.stereotype.Component;

/**
 * Keeps every case on its modelled path: starting anywhere but the start event, skipping listeners
 * or I/O mappings, and process instance modification, restart and migration are for administrators
 * only. Camunda lets them through with a mere start or read right; checking the command itself
 * covers every client (engine REST in either spelling, the webapps, the Java API).
 */
@Component
class ProcessControlGuard extends AbstractProcessEnginePlugin {

  /** The commands that move a case off its path. Batches run later without a user: they are checked when created. */
  private static final Set<Class<?>> PATH_CHANGING = Set.of(
      StartProcessInstanceAtActivitiesCmd.class,
      ModifyProcessInstanceCmd.class, ModifyProcessInstanceAsyncCmd.class,
      ProcessInstanceModificationCmd.class, ProcessInstanceModificationBatchCmd.class,
      RestartProcessInstancesCmd.class, RestartProcessInstancesBatchCmd.class,
      MigrateProcessInstanceCmd.class, MigrateProcessInstanceBatchCmd.class);

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    CommandInterceptor guard = new Interceptor(configuration);
    configuration.setCustomPreCommandInterceptorsTxRequired(
        prepend(configuration.getCustomPreCommandInterceptorsTxRequired(), guard));
    configuration.setCustomPreCommandInterceptorsTxRequiresNew(
        prepend(configuration.getCustomPreCommandInterceptorsTxRequiresNew(), new Interceptor(configuration)));
  }

  private static List<CommandInterceptor> prepend(List<CommandInterceptor> existing, CommandInterceptor guard) {
    List<CommandInterceptor> interceptors = new ArrayList<>();
    interceptors.add(guard);
    if (existing != null) {
      interceptors.addAll(existing);
    }
    return interceptors;
  }

  private static final class Interceptor extends CommandInterceptor {
    private final ProcessEngineConfigurationImpl configuration;

    Interceptor(ProcessEngineConfigurationImpl configuration) {
      this.configuration = configuration;
    }

    @Override
    public <T> T execute(Command<T> command) {
      if (PATH_CHANGING.contains(command.getClass())) {
        Authentication user = configuration.getIdentityService().getCurrentAuthentication();
        // No user: the platform itself (a batch job created by an administrator, a test's Java API call).
        if (user != null && !isAdministrator(user)) {
          throw new AuthorizationException("開始イベント以外からの開始、リスナー・入出力マッピングの省略、"
              + "プロセスインスタンスの変更・再開始・移行は管理者だけが行えます。申請は開始フォームから行ってください（利用者: "
              + user.getUserId() + "）");
        }
      }
      return next.execute(command);
    }

    private boolean isAdministrator(Authentication user) {
      List<String> groups = user.getGroupIds() == null ? List.of() : user.getGroupIds();
      List<String> adminGroups = configuration.getAdminGroups() == null ? List.of(Groups.CAMUNDA_ADMIN)
          : configuration.getAdminGroups();
      return groups.stream().anyMatch(adminGroups::contains)
          || configuration.getAdminUsers() != null && configuration.getAdminUsers().contains(user.getUserId());
    }
  }
}
