package jp.go.jica.approval.deployment;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import jp.go.jica.approval.notification.Notifications;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Role;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records every new deployment (user, time, resources, source) in the deployment's own transaction,
 * whether it came from the browser editor, Camunda Modeler over engine REST or the start-up scan, and
 * reports a person's deployment to the chief-iso.
 */
@Component
class DeploymentRecorder extends AbstractProcessEnginePlugin implements Deployer {

  static final String SYSTEM = "system";
  /**
   * Set while an approved 変更申請 is deployed ({@link RuleChanges#deployApproved}): the record names its
   * proposer and approver, and the chief-iso, who decided it, gets no separate report.
   */
  static final ThreadLocal<ApprovedChange> APPROVED = new ThreadLocal<>();

  record ApprovedChange(long ruleChangeId, String proposer, String approver) {
  }
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentRecorder.class);

  private final JdbcTemplate jdbc;
  private final Notifications notifications;
  private final OrgChartService charts;

  DeploymentRecorder(JdbcTemplate jdbc, Notifications notifications, OrgChartService charts) {
    this.jdbc = jdbc;
    this.notifications = notifications;
    this.charts = charts;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<Deployer> post = configuration.getCustomPostDeployers() == null
        ? new java.util.ArrayList<>() : new java.util.ArrayList<>(configuration.getCustomPostDeployers());
    post.add(this);
    configuration.setCustomPostDeployers(post);
  }

  @Override
  public void deploy(DeploymentEntity deployment) {
    // Deployers also run when a node fills its cache from the database; only new deployments are recorded.
    if (!deployment.isNew()) {
      return;
    }
    CommandContext command = Context.getCommandContext();
    ApprovedChange approved = APPROVED.get();
    String user = approved != null ? approved.proposer() : command == null ? null : command.getAuthenticatedUserId();
    String by = user == null ? SYSTEM : user;
    Map<String, ?> resources = deployment.getResources();
    String names = resources == null ? "" : String.join(", ", new TreeSet<>(resources.keySet()));
    if (names.length() > 2000) {
      names = names.substring(0, 1997) + "...";
    }
    Timestamp at = new Timestamp(deployment.getDeploymentTime().getTime());
    jdbc.update("insert into apr_deployment_log (deployment_id, deployment_name, source, resources, deployed_by, deployed_at,"
        + " rule_change_id, proposed_by, approved_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", deployment.getId(),
        deployment.getName(), deployment.getSource(), names, by, at, approved == null ? null : approved.ruleChangeId(),
        approved == null ? null : approved.proposer(), approved == null ? null : approved.approver());
    LOG.info("Deployment {} '{}' from {} by {} at {}: {}{}", deployment.getId(), deployment.getName(),
        deployment.getSource(), by, at, names, approved == null ? ""
            : " (rule change " + approved.ruleChangeId() + " approved by " + approved.approver() + ")");
    if (user != null && approved == null) {
      reportToChiefIso(deployment, by, at, names);
    }
  }

  /**
   * A person's change of procedures or routing is reported to the chief-iso when it happens (Art. 20-1, 24-1,
   * 143-3), whichever way it came in (the editor, Camunda Modeler over engine REST); the start-up scan is not.
   */
  private void reportToChiefIso(DeploymentEntity deployment, String by, Timestamp at, String names) {
    Optional<String> chiefIso = charts.current().organizationHolder(Role.CHIEF_ISO);
    if (chiefIso.isEmpty()) {
      LOG.warn("Deployment {} by {} not reported: the org chart names no chief-iso", deployment.getId(), by);
      return;
    }
    String deployer = charts.current().person(by).map(p -> p.name() + "（" + by + "）").orElse(by);
    notifications.send("deployment/reported", chiefIso.get(), Map.of(
        "deployedBy", deployer,
        "deployedAt", at.toLocalDateTime().withNano(0).toString().replace('T', ' '),
        "source", deployment.getSource() == null ? "（不明）" : deployment.getSource(),
        "deploymentName", deployment.getName() == null ? "" : deployment.getName(),
        "resources", names), null);
  }

  List<Map<String, Object>> recent(int limit) {
    return jdbc.queryForList("select deployment_id, deployment_name, source, resources, deployed_by, deployed_at,"
        + " rule_change_id, proposed_by, approved_by from apr_deployment_log order by deployed_at desc, deployment_id desc fetch first " + limit + " rows only");
  }
}
