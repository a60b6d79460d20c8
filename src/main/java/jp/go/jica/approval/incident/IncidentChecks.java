package jp.go.jica.approval.incident;

import java.time.LocalDate;
import jp.go.jica.approval.organization.OrgChart;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Role;
import jp.go.jica.approval.validation.FieldCheck;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The checks of {@code incident-response.bpmn} beyond the forms' own, each problem named by its field's label. */
@Configuration(proxyBeanMethods = false)
class IncidentChecks {

  @Bean
  ExecutionListener incidentReportCheck() {
    return execution -> {
      FieldCheck check = FieldCheck.of(execution);
      check.level("confidentiality");
      LocalDate noticed = check.date("noticedOn");
      check.error(noticed != null && noticed.isAfter(LocalDate.now()), "「気付いた日」に未来の日付は指定できません");
      Object personal = execution.getVariable("personalInformation");
      check.error(!(personal instanceof String p && (p.equals("yes") || p.equals("no") || p.equals("unknown"))),
          "「個人情報が含まれるか」を選択してください");
      check.refuseIfAny("報告の内容に誤りがあります: ");
    };
  }

  /** An incident names the department that responds; the people and departments named must be on the chart. */
  @Bean
  TaskListener incidentEvaluationCheck(OrgChartService charts) {
    return task -> {
      if (!"approve".equals(task.getVariable("decision"))) {
        return;
      }
      OrgChart chart = charts.current();
      FieldCheck check = FieldCheck.of(task);
      boolean incident = "incident".equals(task.getVariable("incidentAssessment"));
      String department = IncidentDelegates.text(task, "responsibleDepartmentId");
      check.error(incident && department.isEmpty(), "インシデントの場合は「対処を担当する部署（部署コード）」を入力してください");
      check.error(!department.isEmpty() && (chart.unit(department).isEmpty() || chart.unit(department).get().isSection()
              || chart.holderOf(Role.ISO, department).isEmpty()),
          "「対処を担当する部署（部署コード）」" + department + " は組織図の部署ではありません");
      String causedBy = IncidentDelegates.text(task, "causedBy");
      check.error(!causedBy.isEmpty() && chart.person(causedBy).isEmpty(),
          "「インシデントの原因となった職員（職員ID）」" + causedBy + " は組織図にいません");
      for (String id : IncidentIssos.split(IncidentDelegates.text(task, "issoDepartmentIds"))) {
        check.error(chart.unit(id).isEmpty() || chart.unit(id).get().isSection(),
            "「所管システムの確認を依頼する部署（部署コード、カンマ区切り）」" + id + " は組織図の部署ではありません");
      }
      check.refuseIfAny("評価の内容に誤りがあります: ");
    };
  }

  @Bean
  TaskListener incidentMeasuresCheck() {
    return task -> {
      FieldCheck check = FieldCheck.of(task);
      check.error("approve".equals(task.getVariable("decision")) && IncidentDelegates.text(task, "measuresOrdered").isEmpty(),
          "措置を指示する場合は「指示する措置」を入力してください（第31条第2項）");
      check.refuseIfAny("確認の内容に誤りがあります: ");
    };
  }
}
