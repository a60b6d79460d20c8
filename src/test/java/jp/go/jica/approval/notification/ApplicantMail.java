package jp.go.jica.approval.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import jp.go.jica.approval.Http;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The applicant's mail of one outcome as the outbox holds it, checked for what every such mail carries
 * (record number in the subject, the one-line summary and the case link in the body); for the process tests.
 */
public record ApplicantMail(String subject, String body) {

  /**
   * The latest mail {@code template} to {@code applicant} about the instance; asserts it names the record
   * number (the business key) in its subject and carries {@code summary} and the case page link.
   */
  public static ApplicantMail of(ProcessEngine engine, JdbcTemplate jdbc, ProcessInstance instance, String template,
      String applicant, String summary) {
    List<Map<String, Object>> rows = jdbc.queryForList("select subject, body from apr_mail_outbox where "
        + "process_instance_id = ? and template = ? and recipient_id = ? order by created_at desc",
        instance.getId(), template, applicant);
    assertThat(rows).as("mail %s to %s", template, applicant).isNotEmpty();
    ApplicantMail mail = new ApplicantMail(value(rows.get(0), "subject"), value(rows.get(0), "body"));
    String recordNumber = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .processInstanceId(instance.getId()).singleResult().getBusinessKey();
    assertThat(recordNumber).matches("[A-Z]{2}-\\d{4}-\\d{5,}");
    assertThat(mail.subject()).contains(recordNumber);
    assertThat(mail.body()).contains(summary, "/platform/cases/case.html?id=" + instance.getId());
    return mail;
  }

  /**
   * Asserts that the task's description is "record number, applicant：summary" and that ga-chief's Tasklist
   * search finds it by the record number, as business key and in the description (the REST queries Tasklist sends).
   */
  public static void assertDescribed(ProcessEngine engine, Http http, Task task, String applicantName, String summary,
      String searcher) {
    String recordNumber = engine.getRuntimeService().createProcessInstanceQuery()
        .processInstanceId(task.getProcessInstanceId()).singleResult().getBusinessKey();
    Task stored = engine.getTaskService().createTaskQuery().taskId(task.getId()).singleResult();
    assertThat(stored.getDescription()).isEqualTo(recordNumber + " " + applicantName + "：" + summary);
    Http.Reply byKey = http.get(searcher, "/engine-rest/task?maxResults=50&processInstanceBusinessKey=" + recordNumber);
    assertThat(byKey.status()).isEqualTo(200);
    assertThat(byKey.body()).contains(task.getId());
    Http.Reply byDescription = http.get(searcher, "/engine-rest/task?maxResults=50&descriptionLike=%25" + recordNumber + "%25");
    assertThat(byDescription.status()).isEqualTo(200);
    assertThat(byDescription.body()).contains(task.getId(), summary);
  }

  private static String value(Map<String, Object> row, String column) {
    Object value = row.containsKey(column) ? row.get(column) : row.get(column.toUpperCase(java.util.Locale.ROOT));
    return value == null ? "" : value.toString();
  }
}
