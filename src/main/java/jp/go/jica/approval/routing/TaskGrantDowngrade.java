package jp.go.jica.approval.routing;

import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Databases from before TASK_WORK became the task right (see {@link RoutingEnginePlugin}) still hold
 * UPDATE grants on single open tasks, with which a holder could reassign the task or rewrite the case;
 * at start they become READ and TASK_WORK. Grants on every task ({@code *}, administrators) stay.
 */
@Component
class TaskGrantDowngrade {

  private static final Logger log = LoggerFactory.getLogger(TaskGrantDowngrade.class);
  private static final int PAGE = 500;

  private final AuthorizationService authorizations;

  TaskGrantDowngrade(AuthorizationService authorizations) {
    this.authorizations = authorizations;
  }

  @EventListener(ApplicationStartedEvent.class)
  void downgrade() {
    int changed = 0;
    List<Authorization> page;
    do {
      // Each saved grant leaves the result, so the first page is always the next one.
      page = authorizations.createAuthorizationQuery().resourceType(Resources.TASK)
          .hasPermission(Permissions.UPDATE).listPage(0, PAGE).stream()
          .filter(grant -> !Authorization.ANY.equals(grant.getResourceId())).toList();
      for (Authorization grant : page) {
        grant.removePermission(Permissions.UPDATE);
        grant.addPermission(Permissions.READ);
        grant.addPermission(Permissions.TASK_WORK);
        authorizations.saveAuthorization(grant);
        changed++;
      }
    } while (!page.isEmpty());
    if (changed > 0) {
      log.info("Task rights narrowed from UPDATE to READ and TASK_WORK on {} grant(s)", changed);
    }
  }
}
