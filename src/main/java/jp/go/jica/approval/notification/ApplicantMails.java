package jp.go.jica.approval.notification;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextListener;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The applicant's mail on every outcome of a request: approved (with the conditions every approver set and,
 * for a media carry-out, the transport and return date), rejected, sent back (linking the revise task),
 * escalated (who holds it now) and expired. Notifications adds the record number, summary and case link.
 */
@Service
public class ApplicantMails {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneId.of("Asia/Tokyo"));

  /** The mail folder of each request process, for its own templates (expiry). */
  private static final Map<String, String> FOLDERS = Map.of("exception-measure", "exception",
      "cloud-service-approval", "cloud", "outsourcing-selection", "outsourcing", "byod-permission", "byod",
      "media-carry-out", "media");

  private final Notifications notifications;
  private final OrgChartService charts;
  private final JdbcTemplate jdbc;

  ApplicantMails(Notifications notifications, OrgChartService charts, JdbcTemplate jdbc) {
    this.notifications = notifications;
    this.charts = charts;
    this.jdbc = jdbc;
  }

  /** The outcome the BPMN's {@code outcome} input names: approved, rejected, cancelled, sentBack or expired. */
  void outcome(DelegateExecution execution, String outcome) {
    String applicant = (String) execution.getVariable("applicant");
    Map<String, String> model = model(execution);
    String processKey = processKey(execution);
    switch (outcome) {
      case "approved" -> {
        if (recordedOnly(execution)) {
          model.put("details", mediaDetails(execution, "（許可不要のため指定なし）"));
          notifications.send("request-recorded", applicant, model, execution.getProcessInstanceId());
          return;
        }
        model.put("details", conditions(execution) + ("media-carry-out".equals(processKey)
            ? mediaDetails(execution, text(execution.getVariable("designatedTransport"), "（指定なし）")) : ""));
        notifications.send(MailTemplate.REQUEST_APPROVED, applicant, model, execution.getProcessInstanceId());
      }
      case "rejected" -> notifications.send(MailTemplate.REQUEST_REJECTED, applicant, model, execution.getProcessInstanceId());
      // Outsourcing's decider stops the outsourcing itself (中止), which is not a refusal of the requester.
      case "cancelled" -> notifications.send("request-cancelled", applicant, model, execution.getProcessInstanceId());
      case "sentBack" -> whenTaskCreated(execution, revise -> {
        model.put("link", notifications.tasklistLink(revise == null ? null : revise.getId()));
        model.put("taskName", revise == null || revise.getName() == null ? "申請を修正する" : revise.getName());
        notifications.send(MailTemplate.REQUEST_SENT_BACK, applicant, model, execution.getProcessInstanceId());
      });
      case "expired" -> {
        String folder = FOLDERS.get(processKey);
        if (folder == null) {
          throw new IllegalArgumentException("notifyApplicant: no expiry mail for process " + processKey);
        }
        notifications.send(folder + "/expired", applicant, model, execution.getProcessInstanceId());
      }
      default -> throw new IllegalArgumentException("notifyApplicant: unknown outcome '" + outcome + "'");
    }
  }

  /**
   * Tells the applicant that an overdue approval step moved up to {@code holder} (the superior); must run
   * inside the engine command that moved it.
   */
  public void approvalEscalated(String processInstanceId, String taskName, String holder, String reason) {
    ExecutionEntity instance = Context.getCommandContext().getExecutionManager().findExecutionById(processInstanceId);
    String applicant = instance == null ? null : (String) instance.getVariable("applicant");
    if (applicant == null) {
      return; // not a request of an employee: nobody to tell
    }
    Map<String, String> model = new HashMap<>();
    model.put("processName", processName(instance));
    model.put("taskName", taskName);
    model.put("holderName", name(holder));
    model.put("reason", reason == null || reason.isBlank() ? "（なし）" : reason);
    notifications.send("request-escalated", applicant, model, processInstanceId);
  }

  private Map<String, String> model(DelegateExecution execution) {
    String decider = (String) execution.getVariable("decidedBy");
    String comment = (String) execution.getVariable("decisionComment");
    Map<String, String> model = new HashMap<>();
    model.put("processName", processName((ExecutionEntity) execution));
    // a deputy decided in their own name, as deputy for the absent authorizer (代理承認)
    model.put("deciderName", decider == null ? "" : name(decider) + java.util.Objects.toString(execution.getVariable("decidedAsDeputy"), ""));
    model.put("comment", comment == null || comment.isBlank() ? "（なし）" : comment);
    model.put("details", "");
    return model;
  }

  /**
   * The conditions of the approval: every approver's comment since the last 差戻し, by step (a BYOD permit or
   * a cloud service passes several approvers, each may set its own).
   */
  private String conditions(DelegateExecution execution) {
    String pid = execution.getProcessInstanceId();
    List<Map<String, Object>> approvals = jdbc.queryForList("select step, decision_comment from apr_routing_decision "
        + "where process_instance_id = ? and decision = 'approve' and id > coalesce((select max(id) from "
        + "apr_routing_decision where process_instance_id = ? and decision = 'sendBack'), 0) order by id", pid, pid);
    ExecutionEntity entity = (ExecutionEntity) execution;
    String lines = approvals.stream().filter(row -> value(row, "decision_comment") != null
            && !value(row, "decision_comment").toString().isBlank())
        .map(row -> "・" + stepName(entity, String.valueOf(value(row, "step"))) + ": "
            + value(row, "decision_comment").toString().strip())
        .distinct().collect(Collectors.joining("\n"));
    return "承認の条件:\n" + (lines.isEmpty() ? "・（なし）" : lines) + "\n";
  }

  /** A media carry-out: the transport the approval designated, the one applied for, and the return date. */
  private String mediaDetails(DelegateExecution execution, String designated) {
    return "運搬方法の指定: " + designated + "\n"
        + "申請した運搬方法: " + text(execution.getVariable("transportMethod"), "（なし）") + "\n"
        + "返却予定日: " + day(execution.getVariable("returnOn")) + "\n";
  }

  /** A medium carried out without anyone's permission (media-permission.dmn): recorded, not approved. */
  private static boolean recordedOnly(DelegateExecution execution) {
    return "media-carry-out".equals(processKey(execution)) && execution.getVariable("mediaRule") instanceof Map<?, ?> rule
        && !"section-iso".equals(rule.get("permission"));
  }

  /**
   * Runs {@code send} with the user task that follows this service task (the revise task), once the
   * engine has created it at the end of this command: the mail links the very task the applicant must open.
   */
  private static void whenTaskCreated(DelegateExecution execution, Consumer<TaskEntity> send) {
    ActivityImpl current = ((ExecutionEntity) execution).getActivity();
    String next = current == null || current.getOutgoingTransitions().isEmpty() ? null
        : current.getOutgoingTransitions().get(0).getDestination().getId();
    String pid = execution.getProcessInstanceId();
    Context.getCommandContext().registerCommandContextListener(new CommandContextListener() {
      @Override
      public void onCommandContextClose(CommandContext commandContext) {
        send.accept(commandContext.getDbEntityManager().getCachedEntitiesByType(TaskEntity.class).stream()
            .filter(task -> pid.equals(task.getProcessInstanceId()) && task.getTaskDefinitionKey().equals(next))
            .findFirst().orElse(null));
      }

      @Override
      public void onCommandFailed(CommandContext commandContext, Throwable t) {
        // the decision rolls back: nothing was sent back, nothing to tell
      }
    });
  }

  private static String stepName(ExecutionEntity execution, String step) {
    ActivityImpl activity = execution.getProcessDefinition().findActivity(step);
    return activity == null || activity.getName() == null ? step : activity.getName();
  }

  private String name(String personId) {
    return charts.current().person(personId).map(Person::name).orElse(personId);
  }

  private static String processKey(DelegateExecution execution) {
    return ((ExecutionEntity) execution).getProcessDefinition().getKey();
  }

  private static String processName(ExecutionEntity execution) {
    String name = execution.getProcessDefinition().getName();
    return name == null ? execution.getProcessDefinitionId() : name;
  }

  private static String day(Object value) {
    if (value instanceof Date date) {
      return DAY.format(date.toInstant());
    }
    String text = value == null ? "" : value.toString();
    return text.length() >= 10 ? text.substring(0, 10).replace('-', '/') : text;
  }

  private static String text(Object value, String absent) {
    return value == null || value.toString().isBlank() ? absent : value.toString().strip();
  }

  /** A column whatever case the database reports it in. */
  private static Object value(Map<String, Object> row, String column) {
    return row.containsKey(column) ? row.get(column) : row.get(column.toUpperCase(java.util.Locale.ROOT));
  }
}
