package jp.go.jica.approval.outsourcing;

import java.sql.Date;
import java.time.LocalDate;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import jp.go.jica.approval.organization.Role;
import jp.go.jica.approval.organization.Unit;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The thin delegates of {@code outsourcing-selection.bpmn}, wired by bean name. */
@Configuration(proxyBeanMethods = false)
class OutsourcingDelegates {

  private final ContractRegister register;
  private final OrgChartService charts;

  OutsourcingDelegates(ContractRegister register, OrgChartService charts) {
    this.register = register;
    this.charts = charts;
  }

  @Bean
  JavaDelegate registerOutsourcing() {
    return execution -> {
      String applicant = (String) execution.getVariable("applicant");
      Unit department = chart().departmentOf(applicant);
      String number = register.register(execution.getProcessInstanceId(), text(execution, "workDescription"),
          department.id(), department.name(), applicant, name(applicant), text(execution, "systemWork"),
          text(execution, "informationProvided"), level(execution, "confidentiality"), level(execution, "integrity"),
          level(execution, "availability"), date(execution, "periodFrom"), date(execution, "periodTo"));
      execution.setVariable("contractNumber", number);
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
        case "specification" -> register.set(pid, "status", ContractRegister.SELECTING);
        case "selection" -> {
          register.set(pid, "contractor", text(execution, "selectedContractor"));
          register.set(pid, "selection_record", text(execution, "candidates"));
          register.set(pid, "status", ContractRegister.CONTRACTING);
        }
        case "service" -> {
          register.set(pid, "service_approved", true);
          register.set(pid, "service_manager_id", text(execution, "serviceManager"));
        }
        default -> throw new IllegalArgumentException("unknown stage " + execution.getVariable("stage"));
      }
    };
  }

  @Bean
  JavaDelegate registerContract() {
    return execution -> {
      String pid = execution.getProcessInstanceId();
      register.set(pid, "contract_date", Date.valueOf(date(execution, "contractDate")));
      String nda = text(execution, "ndaDate");
      register.set(pid, "nda_date", nda == null ? null : Date.valueOf(LocalDate.parse(nda.substring(0, 10))));
      register.addDocument(pid, text(execution, "confirmationDocument"));
      register.set(pid, "status", ContractRegister.UNDER_CONTRACT);
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

  @Bean
  JavaDelegate recordSubcontract() {
    return execution -> {
      if ("approve".equals(execution.getVariable("decision"))) {
        register.appendSubcontractor(execution.getProcessInstanceId(), text(execution, "subcontractor"));
      }
    };
  }

  @Bean
  JavaDelegate recordSuspension() {
    return execution -> {
      boolean suspend = "yes".equals(execution.getVariable("suspendWork"));
      String pid = execution.getProcessInstanceId();
      register.set(pid, "suspended", suspend);
      register.set(pid, "incident_response", text(execution, "contractualResponse"));
      register.set(pid, "status", suspend ? ContractRegister.SUSPENDED : ContractRegister.UNDER_CONTRACT);
    };
  }

  @Bean
  JavaDelegate recordCloseOut() {
    return execution -> {
      register.set(execution.getProcessInstanceId(), "status", ContractRegister.CLOSED);
      register.set(execution.getProcessInstanceId(), "closed_out_at", ContractRegister.now());
    };
  }

  @Bean
  JavaDelegate cancelOutsourcing() {
    return execution -> register.set(execution.getProcessInstanceId(), "status", ContractRegister.CANCELLED);
  }

  /** The department's iso runs the contract (Art. 54-56); taken from the chart, never from a form. */
  private void assignOwner(DelegateExecution execution) {
    String applicant = (String) execution.getVariable("applicant");
    execution.setVariable("contractOwner",
        chart().holderOf(Role.ISO, chart().sectionOf(applicant).id()).orElseThrow());
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
