package jp.go.jica.approval.incident;

import java.util.HashMap;
import java.util.Map;
import jp.go.jica.approval.validation.PlatformSubmission;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.springframework.stereotype.Component;

/**
 * {@code ${startIncidentResponse}}: another process (a lost medium, a contractor incident) reports an incident to
 * the CSIRT (Art. 29-1). The calling service task maps its case to the report with input parameters
 * ({@code incidentTitle}, {@code whatHappened}, {@code confidentiality}, {@code personalInformation},
 * {@code cyberAttackReported}, optional {@code systemsInvolved}, {@code informationInvolved}, {@code actionsTaken},
 * {@code sourceNumber}, {@code reporter}, and {@code situationVariable}: the name of a variable of the case whose text,
 * when there is one, adds to what happened); the incident records its source, and the caller gets
 * {@code incidentNumber}, so the link is kept both ways.
 */
@Component("startIncidentResponse")
public class IncidentStart implements JavaDelegate {

  static final String PROCESS_KEY = "incident-response";
  private static final String[] REPORT = {"incidentTitle", "whatHappened", "systemsInvolved", "informationInvolved",
      "confidentiality", "personalInformation", "cyberAttackReported", "actionsTaken"};

  @Override
  public void execute(DelegateExecution execution) {
    Map<String, Object> variables = new HashMap<>();
    for (String key : REPORT) {
      Object value = execution.getVariableLocal(key);
      if (value != null) {
        variables.put(key, value);
      }
    }
    Object situationVariable = execution.getVariableLocal("situationVariable");
    Object situation = situationVariable == null ? null : execution.getVariable(situationVariable.toString());
    if (situation instanceof String text && !text.isBlank()) {
      variables.put("whatHappened", variables.getOrDefault("whatHappened", "") + " 状況: " + text.strip());
    }
    variables.put("noticedOn", java.time.LocalDate.now().toString());
    variables.put("sourceProcessKey", ((ExecutionEntity) execution).getProcessDefinition().getKey());
    variables.put("sourceProcessInstanceId", execution.getProcessInstanceId());
    variables.put("sourceNumber", execution.getVariableLocal("sourceNumber"));
    var services = execution.getProcessEngineServices();
    if (services.getIdentityService().getCurrentAuthentication() == null) {
      // The platform itself moves the case (a timer, the job executor): the report is the named reporter's.
      variables.put("applicant", execution.getVariableLocal("reporter"));
    }
    // The source and the reporter are the platform's variables, not the start form's: checked here, not by the form.
    var started = PlatformSubmission.run(() -> services.getRuntimeService().startProcessInstanceByKey(PROCESS_KEY, variables));
    Object number = services.getRuntimeService().getVariable(started.getId(), "incidentNumber");
    execution.getProcessInstance().setVariable("incidentNumber", number);
  }
}
