package jp.go.jica.approval.routing;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.Role;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseUtil;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * The org-chart role whose holder does a duty step, declared on the user task as the extension property
 * {@code dutyRole} (a role key such as {@code device-manager}). The holder is the role's holder for the
 * applicant's section when the task is created and after every reorganisation (Art. 20-2), not whoever
 * held it when the case started.
 */
final class DutyRole {

  /** The extension property's name. */
  static final String PROPERTY = "dutyRole";

  private DutyRole() {
  }

  /** The role a user task element declares; an unknown role is refused at deployment. */
  static Optional<Role> of(Element userTaskElement) {
    Map<String, String> properties = BpmnParseUtil.parseCamundaExtensionProperties(userTaskElement);
    String declared = properties == null ? null : properties.get(PROPERTY);
    if (declared == null || declared.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Role.ofKey(declared.trim()).orElseThrow(() -> new ProcessEngineException(
        "ユーザータスク「" + userTaskElement.attribute("name") + "」の " + PROPERTY + "「" + declared
            + "」は組織図の役割ではありません。使えるのは " + Arrays.stream(Role.values()).map(Role::key)
            .collect(Collectors.joining("・")) + " です（第20条第2項）")));
  }

  /** The role of the task's step, as parsed from the deployed BPMN. */
  static Optional<Role> of(DelegateTask task) {
    if (!(task.getExecution() instanceof ExecutionEntity execution)) {
      return Optional.empty();
    }
    ActivityImpl activity = execution.getProcessDefinition().findActivity(task.getTaskDefinitionKey());
    return activity == null ? Optional.empty() : Optional.ofNullable((Role) activity.getProperty(PROPERTY));
  }

  /**
   * Who holds the role for the case now: for the applicant's section (its department or the organisation
   * as the role's scope says), or organisation-wide for a case the platform started itself.
   */
  static Optional<String> holder(OrgChart chart, Role role, String applicant) {
    if (applicant != null && chart.person(applicant).isPresent()) {
      return chart.holderOf(role, chart.sectionOf(applicant).id());
    }
    return chart.organizationHolder(role);
  }
}
