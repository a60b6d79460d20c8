package jp.go.jica.approval.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ResourceEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies the {@link DeploymentPolicy} inside the engine, as the first deployer of every new
 * deployment: engine REST on either path, the webapps, Camunda Modeler, the browser editor, the
 * start-up scan and redeployments all pass through it. A violation throws before any deployer has
 * parsed anything, so the command's transaction rolls back and nothing is deployed.
 */
@Component
class DeploymentPolicyPlugin extends AbstractProcessEnginePlugin implements Deployer {

  private static final Logger LOG = LoggerFactory.getLogger(DeploymentPolicyPlugin.class);

  private final DeploymentPolicy policy;

  DeploymentPolicyPlugin(DeploymentPolicy policy) {
    this.policy = policy;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<Deployer> pre = configuration.getCustomPreDeployers() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreDeployers());
    pre.add(0, this);
    configuration.setCustomPreDeployers(pre);
    // In legacy mode a DMN without expressionLanguage is JUEL (beans, methods); the policy's "FEEL only" needs it off.
    configuration.setDmnFeelEnableLegacyBehavior(false);
  }

  @Override
  public void deploy(DeploymentEntity deployment) {
    // Deployers also run when a node fills its cache from the database: only new deployments are checked.
    if (!deployment.isNew() || deployment.getResources() == null) {
      return;
    }
    Map<String, List<PolicyViolation>> violations = new LinkedHashMap<>();
    for (ResourceEntity resource : deployment.getResources().values()) {
      List<PolicyViolation> found = policy.check(resource.getName(), resource.getBytes());
      if (!found.isEmpty()) {
        violations.put(resource.getName(), found);
      }
    }
    if (!violations.isEmpty()) {
      DeploymentRefusedException refused = new DeploymentRefusedException(violations);
      var command = Context.getCommandContext();
      LOG.warn("Deployment '{}' from {} by {} refused by the deployment policy: {}", deployment.getName(),
          deployment.getSource(), command == null ? null : command.getAuthenticatedUserId(), refused.violations());
      throw refused;
    }
  }
}
