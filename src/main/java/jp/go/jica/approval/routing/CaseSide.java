package jp.go.jica.approval.routing;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseUtil;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Which side of a case a user task is on, for Art. 16: the BPMN says it as a Camunda extension
 * property on the task ({@code <camunda:property name="caseSide" value="applicant"/>}), which Camunda
 * Modeler shows in the task's properties. Without the property a task is on the deciding side.
 */
enum CaseSide {

  /** Work done for the applicant (requirements, specification, selection, revisions, own reports): its completer joins the applicant side. */
  APPLICANT("applicant", false),
  /** Certifies or acknowledges an act of the applicant side (erasure, disposal, a reported loss). */
  CERTIFIES("certifies", true),
  /** A named role's own duty (the cloud-manager's, the contract's): its holder does it, and does not join the applicant side. */
  DUTY("duty", false),
  /** Decides (approvals) or anything else not marked: nobody of the applicant side may hold it. */
  DECIDES(null, true);

  /** The extension property's name. */
  static final String PROPERTY = "caseSide";

  private final String value;
  private final boolean conflictChecked;

  CaseSide(String value, boolean conflictChecked) {
    this.value = value;
    this.conflictChecked = conflictChecked;
  }

  /** Whether the applicant and everyone who acted on the applicant's side are kept off this task. */
  boolean conflictChecked() {
    return conflictChecked;
  }

  /**
   * The side a user task element declares; an unknown value is refused so that a typo cannot open a step
   * to the applicant. A task the BPMN gives to the applicant ({@code camunda:assignee="${applicant}"}) is
   * the applicant's own step even unmarked (definitions deployed before the property existed included).
   */
  static CaseSide of(Element userTaskElement) {
    Map<String, String> properties = BpmnParseUtil.parseCamundaExtensionProperties(userTaskElement);
    String declared = properties == null ? null : properties.get(PROPERTY);
    if (declared == null || declared.isBlank()) {
      String assignee = userTaskElement.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "assignee");
      return assignee != null && assignee.replace(" ", "").equals("${applicant}") ? APPLICANT : DECIDES;
    }
    return Arrays.stream(values()).filter(side -> declared.trim().equals(side.value)).findFirst()
        .orElseThrow(() -> new ProcessEngineException("ユーザータスク「" + userTaskElement.attribute("name")
            + "」の " + PROPERTY + "「" + declared + "」は使えません。使えるのは "
            + Arrays.stream(values()).filter(side -> side.value != null).map(side -> side.value)
                .collect(Collectors.joining("・")) + " です（第16条）"));
  }

  /** The side of the task's step, as parsed from the deployed BPMN. */
  static CaseSide of(DelegateTask task) {
    if (!(task.getExecution() instanceof ExecutionEntity execution)) {
      return DECIDES;
    }
    ActivityImpl activity = execution.getProcessDefinition().findActivity(task.getTaskDefinitionKey());
    Object side = activity == null ? null : activity.getProperty(PROPERTY);
    return side instanceof CaseSide caseSide ? caseSide : DECIDES;
  }
}
