package jp.go.jica.approval.cloud;

import jp.go.jica.approval.organization.OrgChartReloaded;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Art. 20-2 for the named register duty of a cloud service: when an org chart reload shows that the
 * cloud-manager of a live service left or moved, the service's case opens the step in which the isso of
 * the owning department names a successor (message {@value #MESSAGE}, the BPMN's event subprocess). Runs
 * after the approval re-routing (order 10) and the duty holders' (20).
 */
@Component
class CloudManagerSuccession {

  static final String MESSAGE = "cloudManagerLeft";
  static final String STEP = "nameSuccessor";

  private static final Logger log = LoggerFactory.getLogger(CloudManagerSuccession.class);

  private final CloudRegistry registry;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final TransactionTemplate transaction;

  CloudManagerSuccession(CloudRegistry registry, RuntimeService runtime, TaskService tasks,
      PlatformTransactionManager transactionManager) {
    this.registry = registry;
    this.runtime = runtime;
    this.tasks = tasks;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  @EventListener
  @Order(30)
  void onReload(OrgChartReloaded event) {
    for (CloudRegistry.Entry service : registry.withLiveCloudManager()) {
      String manager = service.cloudManagerId();
      String processInstanceId = service.processInstanceId();
      if (!event.leftOrMoved(manager) || successionOpen(processInstanceId)) {
        continue; // still in post, or a successor is already being named
      }
      try {
        transaction.executeWithoutResult(status -> runtime.createMessageCorrelation(MESSAGE)
            .processInstanceId(processInstanceId).correlate());
        log.info("Cloud service {}: cloud-manager {} left or moved in the reload by {}; successor requested",
            service.registryNumber(), manager, event.reloadedBy());
      } catch (RuntimeException e) {
        // One case that cannot open the step must not keep the others from theirs.
        log.error("Cloud service {}: could not request a successor for cloud-manager {}: {}",
            service.registryNumber(), manager, e.getMessage());
      }
    }
  }

  private boolean successionOpen(String processInstanceId) {
    return tasks.createTaskQuery().processInstanceId(processInstanceId).taskDefinitionKey(STEP).count() > 0;
  }
}
