package jp.go.jica.approval.notification;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.go.jica.approval.ledger.CaseSummary;
import jp.go.jica.approval.organization.OrgChartService;
import jp.go.jica.approval.organization.Person;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.MessageEntity;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Queues a mail inside the current engine transaction: an outbox row plus an engine job that sends
 * it after commit. A rolled-back decision therefore sends nothing, and a committed one loses no mail.
 */
@Service
public class Notifications {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");
  /** The registers' numbers (ledger.LedgerRows#assignNumber): prefix, year, sequence. */
  private static final Pattern RECORD_NUMBER = Pattern.compile("[A-Z]{2}-\\d{4}-\\d{5,}");
  private static final int MAX_SUBJECT = 500;
  private static final int MAX_BODY = 8000;

  private final JdbcTemplate jdbc;
  private final OrgChartService charts;
  private final MailProperties properties;
  private final Map<String, String> templates = new ConcurrentHashMap<>();

  Notifications(JdbcTemplate jdbc, OrgChartService charts, MailProperties properties) {
    this.jdbc = jdbc;
    this.charts = charts;
    this.properties = properties;
  }

  /**
   * Queues {@code template} for the person; must run inside an engine command (a listener or
   * delegate), whose transaction it joins.
   *
   * @param model placeholder values; {@code recipientName} and {@code link} are filled in if absent
   */
  public void send(MailTemplate template, String recipientId, Map<String, String> model,
      String processInstanceId) {
    send(template.resource(), recipientId, model, processInstanceId);
  }

  /**
   * Queues a process-specific template, {@code mail/<name>.txt} on the classpath (first line is the
   * subject), e.g. {@code exception/review-reminder}.
   */
  public void send(String templateName, String recipientId, Map<String, String> model, String processInstanceId) {
    queue(templateName.startsWith("mail/") ? templateName : "mail/" + templateName + ".txt", recipientId, model,
        processInstanceId);
  }

  private void queue(String resource, String recipientId, Map<String, String> model, String processInstanceId) {
    CommandContext commandContext = Context.getCommandContext();
    if (commandContext == null) {
      throw new IllegalStateException("mail must be queued inside an engine command");
    }
    Person recipient = charts.current().person(recipientId).orElse(null);
    Map<String, String> values = new HashMap<>(model);
    values.putIfAbsent("recipientName", recipient == null ? recipientId : recipient.name());
    values.putIfAbsent("link", tasklistLink(null));
    ExecutionEntity instance = processInstanceId == null ? null
        : commandContext.getExecutionManager().findExecutionById(processInstanceId);
    String recordNumber = recordNumber(instance);
    boolean request = processInstanceId != null && isRequest(processInstanceId);
    String summary = request ? summary(instance) : "";
    if (recordNumber != null) {
      values.putIfAbsent("recordNumber", recordNumber);
    }
    if (request) {
      values.putIfAbsent("caseLink", caseLink(processInstanceId));
      values.putIfAbsent("summary", summary);
    }
    String[] rendered = render(resource, values);
    // Every mail about a request says which one and what it is, and links its case page, whatever its
    // template says.
    if (recordNumber != null && !rendered[0].contains(recordNumber)) {
      rendered[0] = rendered[0] + "［" + recordNumber + "］";
    }
    if (request) {
      rendered[1] = withCaseFooter(rendered[1], recordNumber, summary, caseLink(processInstanceId));
    }
    String id = UUID.randomUUID().toString();
    // Within the outbox's columns: a long mail is cut, never a rolled-back decision.
    rendered[0] = rendered[0].length() > MAX_SUBJECT ? rendered[0].substring(0, MAX_SUBJECT) : rendered[0];
    rendered[1] = rendered[1].length() > MAX_BODY ? rendered[1].substring(0, MAX_BODY - 1) + "…" : rendered[1];
    jdbc.update("insert into apr_mail_outbox (id, process_instance_id, template, recipient_id, "
            + "recipient_address, subject, body, status, attempts, created_at) values (?,?,?,?,?,?,?,?,?,?)",
        id, processInstanceId, resource.substring(5, resource.length() - 4), recipientId,
        recipient == null ? null : recipient.email(), rendered[0], rendered[1],
        recipient == null ? MailJobHandler.NO_ADDRESS : MailJobHandler.PENDING, 0,
        Timestamp.from(Instant.now()));
    if (recipient != null) {
      schedule(commandContext, id, processInstanceId, null);
    }
  }

  /** The record number of the case (its business key, set when its register line is created), or null. */
  static String recordNumber(ExecutionEntity instance) {
    String key = instance == null ? null : instance.getProcessBusinessKey();
    // Only a number a register gave: a business key a client chose at start is not a record number.
    return key != null && RECORD_NUMBER.matcher(key).matches() ? key : null;
  }

  /** The one-line summary of the request (ledger.CaseSummary), or "". */
  static String summary(ExecutionEntity instance) {
    return instance == null ? "" : CaseSummary.of(instance.getProcessDefinition().getKey(), instance::getVariable);
  }

  /** The body with the lines that say which request and where to follow it, each added only if missing. */
  private static String withCaseFooter(String body, String recordNumber, String summary, String caseLink) {
    StringBuilder footer = new StringBuilder();
    boolean linked = body.contains(caseLink);
    if (!linked && recordNumber != null) {
      footer.append("記録番号: ").append(recordNumber).append("\n");
    }
    if (!summary.isEmpty() && !body.contains(summary)) {
      footer.append("申請の内容: ").append(summary).append("\n");
    }
    if (!linked) {
      footer.append("申請の詳細（経過・取下げ）: ").append(caseLink).append("\n");
    }
    return footer.isEmpty() ? body : body.stripTrailing() + "\n\n" + footer;
  }

  private boolean isRequest(String processInstanceId) {
    Integer cases = jdbc.queryForObject("select count(*) from apr_case where process_instance_id = ?", Integer.class,
        processInstanceId);
    return cases != null && cases > 0;
  }

  /** The case page of a request (マイ申請), where its applicant and its people follow it. */
  public String caseLink(String processInstanceId) {
    return properties.baseUrl() + "/platform/cases/case.html?id=" + processInstanceId;
  }

  /** A Tasklist link to the task, or to Tasklist itself. */
  public String tasklistLink(String taskId) {
    String base = properties.baseUrl() + "/camunda/app/tasklist/default/";
    return taskId == null ? base : base + "#/?task=" + taskId;
  }

  static void schedule(CommandContext commandContext, String outboxId, String processInstanceId,
      Instant due) {
    MessageEntity job = new MessageEntity();
    job.setJobHandlerType(MailJobHandler.TYPE);
    job.setJobHandlerConfiguration(new MailJobHandler.Configuration(outboxId));
    // One engine retry: the handler reschedules itself with back-off and only fails (incident) at the end.
    job.setRetries(1);
    if (due != null) {
      job.setDuedate(java.util.Date.from(due));
    }
    if (processInstanceId != null) {
      ExecutionEntity instance = commandContext.getExecutionManager().findExecutionById(processInstanceId);
      job.setProcessInstanceId(processInstanceId);
      if (instance != null) {
        job.setProcessDefinitionId(instance.getProcessDefinitionId());
        job.setProcessDefinitionKey(instance.getProcessDefinition().getKey());
        job.setDeploymentId(instance.getProcessDefinition().getDeploymentId());
      }
    }
    commandContext.getJobManager().send(job);
  }

  private String[] render(String resource, Map<String, String> values) {
    String text = templates.computeIfAbsent(resource, Notifications::load);
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.getOrDefault(m.group(1), "");
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
    }
    m.appendTail(out);
    String[] parts = out.toString().split("\n", 2);
    return new String[] {parts[0].trim(), parts.length > 1 ? parts[1].stripLeading() : ""};
  }

  private static String load(String resource) {
    try (InputStream in = new ClassPathResource(resource).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("mail template missing: " + resource, e);
    }
  }
}
