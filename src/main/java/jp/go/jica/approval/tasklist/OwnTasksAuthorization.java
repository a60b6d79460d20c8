package jp.go.jica.approval.tasklist;

import java.util.Objects;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.db.AuthorizationCheck;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * "My tasks" stays fast at any backlog (docs/performance.md). For a task query restricted to the signed-in
 * user's own tasks (Tasklist's 自分のタスク filter), the engine's authorization check runs per task row
 * (Camunda's check with revokes, as {@code authorizationCheckRevokes=always} would) instead of joining the
 * user's grants: the platform grants each task to its holder alone, so the join compares every own task with
 * every own grant (n × n rows; 1.1 s at 1,250 open tasks), while the per-row check looks each task up in
 * the grants' unique index. Only the SQL's shape changes: the same permissions are checked (revokes included),
 * and every other query keeps the engine's default.
 */
@Component
// on unless set to false, which the benchmark uses to measure the engine's default against it
@ConditionalOnProperty(name = "approval.tasklist.own-tasks-per-task-check", havingValue = "true", matchIfMissing = true)
class OwnTasksAuthorization extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomSessionFactories() == null) {
      configuration.setCustomSessionFactories(new java.util.ArrayList<>());
    }
    // Registered after the engine's own factories, so this one answers for AuthorizationManager.
    configuration.getCustomSessionFactories().add(new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return AuthorizationManager.class;
      }

      @Override
      public Session openSession() {
        return new OwnTasksAuthorizationManager();
      }
    });
  }

  /** The engine's authorization manager, with the per-row check for queries of one's own tasks. */
  static final class OwnTasksAuthorizationManager extends AuthorizationManager {

    @Override
    public void configureTaskQuery(TaskQueryImpl query) {
      super.configureTaskQuery(query);
      AuthorizationCheck check = query.getAuthCheck();
      if (check.isAuthorizationCheckEnabled() && ownTasksOnly(query, check.getAuthUserId())) {
        check.setRevokeAuthorizationCheckEnabled(true);
      }
    }

    /** The query asks for the user's own tasks and nothing it ORs widens that (an OR query could). */
    static boolean ownTasksOnly(TaskQueryImpl query, String userId) {
      return userId != null && Objects.equals(query.getAssignee(), userId) && query.getQueries().size() == 1;
    }
  }
}
