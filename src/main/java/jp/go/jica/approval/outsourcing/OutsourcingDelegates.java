package jp.go.jica.approval.outsourcing;

import java.time.LocalDate;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import jp.go.jica.approval.organization.Role;
import jp.go.jica.approval.organization.Unit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.notification.Notifications;
import jp.go.jica.approval.routing.DutyHandOver;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The thin delegates of {@code outsourcing-selection.bpmn}, wired by bean name. */
@Configuration(proxyBeanMethods = false)
class OutsourcingDelegates {

  private final ContractRegister register;
  private final OrgChartService charts;
  private final DutyHandOver handOver;
  private final Notifications notifications;

  OutsourcingDelegates(ContractRegister register, OrgChartService charts, DutyHandOver handOver,
      Notifications notifications) {
    this.register = register;
    this.charts = charts;
    this.handOver = handOver;
    this.notifications = notifications;
  }

  @Bean
  JavaDelegate registerOutsourcing() {
    return execution -> {
      String applicant = (String) execution.getVariable("applicant");
      Unit department = chart().departmentOf(applicant);
      String number = register.register(new ContractRegister.Request(execution.getProcessInstanceId(),
          text(execution, "workDescription"), department.id(), department.name(), applicant, name(applicant),
          text(execution, "systemWork"), text(execution, "informationProvided"), level(execution, "confidentiality"),
          level(execution, "integrity"), level(execution, "availability"), date(execution, "periodFrom"),
          date(execution, "periodTo")));
      execution.setVariable("contractNumber", number);
      execution.setProcessBusinessKey(number);
      assignOwner(execution);
    };
  }

  /** After a step of the selection: input {@code stage} = specification, selection or service. */
  @Bean
  JavaDelegate recordOutsourcingStep() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      if (!"approve".equals(execution.getVariable("decision"))) {
        return;
      }
      switch (String.valueOf(execution.getVariable("stage"))) {
        case "specification" -> {
          register.recordSpecification(pid, text(execution, "entrustmentJudgement"));
        }
        case "selection" -> {
          register.recordSelection(pid, text(execution, "selectedContractor"), text(execution, "candidates"),
              text(execution, "proposalCompliance"));
        }
        case "service" -> {
          register.recordServiceApproval(pid, text(execution, "serviceManager"));
        }
        default -> throw new IllegalArgumentException("unknown stage " + execution.getVariable("stage"));
      }
    };
  }

  @Bean
  JavaDelegate registerContract() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      String nda = text(execution, "ndaDate");
      register.addDocument(pid, text(execution, "confirmationDocument"));
      register.recordContract(pid, date(execution, "contractDate"),
          nda == null ? null : LocalDate.parse(nda.substring(0, 10)), text(execution, "handlingProcedure"));
      assignOwner(execution);
    };
  }

  @Bean
  JavaDelegate recordContractorCheck() {
    return execution -> register.recordCheck(execution.getProcessInstanceId(),
        "yes".equals(execution.getVariable("findingFound")) ? text(execution, "checkFinding") : null);
  }

  @Bean
  JavaDelegate recordConfirmationDocument() {
    return execution -> execution.setVariable("confirmationDocumentVersion",
        register.addDocument(execution.getProcessInstanceId(), text(execution, "confirmationDocument")));
  }

  /** A contractor report the department recorded (Art. 55-2(2) or, for system changes, 59-2) enters the timeline. */
  @Bean
  JavaDelegate recordContractorReport() {
    return execution -> {
      boolean change = "systemChange".equals(execution.getVariable("reportKind"));
      String summary = (change ? "情報システムの変更報告: " : "定期報告: ") + text(execution, "reportText")
          + " ／ 確認結果: " + text(execution, "reportAssessment")
          + (change && "reject".equals(execution.getVariable("decision")) ? "（是正を求める）" : "");
      register.addEvent(execution.getProcessInstanceId(), change ? "systemChangeReport" : "periodicReport",
          change ? "第59条第2項" : "第55条第2項第2号", summary, actor(execution, change ? "decidedBy" : "contractOwner"));
    };
  }

  /**
   * Art. 20-2: the named successor holds the duty from now on, in the register (with since when) and in the
   * variable the BPMN assigns by, and the leaver's open tasks of the case move to the successor.
   */
  @Bean
  JavaDelegate handOverOutsourcingDuty() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      String duty = text(execution, "dutyKind");
      String former = text(execution, "formerHolder");
      String successor = text(execution, "successor");
      boolean owner = DutySuccession.CONTRACT_OWNER.equals(duty);
      register.setHolder(pid, owner ? "contract_owner" : "service_manager", successor);
      execution.setVariable(owner ? DutySuccession.CONTRACT_OWNER : DutySuccession.SERVICE_MANAGER, successor);
      String note = text(execution, "handOverNote");
      register.addEvent(pid, duty + "HandOver", "第20条第2項", text(execution, "dutyLabel") + ": " + name(former) + " → "
          + name(successor) + (note == null ? "" : "（引継ぎ: " + note + "）"), actor(execution, "successorAuthority"));
      handOver.handOver(pid, former, successor, "第20条第2項: " + text(execution, "dutyLabel") + "の後任に指名（前任: "
          + former + "）");
      Map<String, String> model = dutyMail(execution);
      model.put("successorName", name(successor));
      notifications.send("outsourcing/duty-handed-over", successor, model, pid);
      if (!former.equals(successor) && chart().person(former).isPresent()) {
        notifications.send("outsourcing/duty-handed-over", former, model, pid); // a mover: tell them it is no longer theirs
      }
    };
  }

  /** Create listener of the successor task: its holder learns of it at once (Art. 20-2). */
  @Bean
  TaskListener successorNeededMail() {
    return task -> {
      Map<String, String> model = dutyMail(task);
      model.put("link", notifications.tasklistLink(task.getId()));
      notifications.send("outsourcing/successor-needed", task.getAssignee(), model, task.getProcessInstanceId());
    };
  }

  private static Map<String, String> dutyMail(VariableScope scope) {
    Map<String, String> model = new HashMap<>();
    for (String key : List.of("contractNumber", "selectedContractor", "dutyLabel", "formerHolderName")) {
      Object value = scope.getVariable(key);
      model.put(key, value == null ? "" : value.toString());
    }
    return model;
  }

  @Bean
  JavaDelegate recordSubcontract() {
    return execution -> {
      if ("approve".equals(execution.getVariable("decision"))) {
        register.appendSubcontractor(execution.getProcessInstanceId(), text(execution, "subcontractor"));
      }
    };
  }

  /** Art. 55-1(3), 29-1: the contractor's incident went to the CSIRT; the register keeps the incident's number. */
  @Bean
  ExecutionListener recordContractIncident() {
    return execution -> register.recordIncidentNumber(execution.getProcessInstanceId(),
        (String) execution.getVariable("incidentNumber"));
  }

  @Bean
  JavaDelegate recordSuspension() {
    return execution -> {
      boolean suspend = "yes".equals(execution.getVariable("suspendWork"));
      String pid = execution.getProcessInstanceId();
      register.recordIncidentResponse(pid, suspend, text(execution, "contractualResponse"));
    };
  }

  @Bean
  JavaDelegate recordCloseOut() {
    return execution -> {
      register.recordCloseOut(execution.getProcessInstanceId());
    };
  }

  @Bean
  JavaDelegate cancelOutsourcing() {
    return execution -> register.recordStatus(execution.getProcessInstanceId(), ContractRegister.CANCELLED);
  }

  /**
   * The department's iso runs the contract (Art. 54-56); taken from the chart, never from a form. A successor
   * named after a reorganisation (Art. 20-2) keeps the duty.
   */
  private void assignOwner(DelegateExecution execution) {
    String pid = execution.getProcessInstanceId();
    Object named = execution.getVariable(DutySuccession.CONTRACT_OWNER);
    if (named != null && register.handedOver(pid, DutySuccession.CONTRACT_OWNER)
        && chart().person(named.toString()).isPresent()) {
      return;
    }
    String applicant = (String) execution.getVariable("applicant");
    String owner = chart().holderOf(Role.ISO, chart().sectionOf(applicant).id()).orElseThrow();
    execution.setVariable(DutySuccession.CONTRACT_OWNER, owner);
    if (!owner.equals(named)) {
      register.setHolder(pid, "contract_owner", owner);
    }
  }

  /** Who did a step: the signed-in user, or the holder the BPMN named. */
  private static String actor(DelegateExecution execution, String holderVariable) {
    Authentication user = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
    return user != null && user.getUserId() != null ? user.getUserId() : String.valueOf(execution.getVariable(holderVariable));
  }

  private OrgChart chart() {
    return charts.current();
  }

  private String name(String personId) {
    return chart().person(personId).map(Person::name).orElse(personId);
  }

  private static String text(DelegateExecution execution, String key) {
    Object value = execution.getVariable(key);
    return value == null || value.toString().isBlank() ? null : value.toString().trim();
  }

  private static int level(DelegateExecution execution, String key) {
    return Integer.parseInt(text(execution, key));
  }

  private static LocalDate date(DelegateExecution execution, String key) {
    return LocalDate.parse(text(execution, key).substring(0, 10));
  }
}
