package jp.go.jica.approval.notification;

import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandlerConfiguration;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The engine job that sends one outbox mail. Runs on the job executor after the transaction that
 * queued it committed; the job executor's locking makes it run once even with several nodes.
 */
@Component
class MailJobHandler implements JobHandler<MailJobHandler.Configuration> {

  static final String TYPE = "approval-mail";
  static final String PENDING = "PENDING";
  static final String RETRYING = "RETRYING";
  static final String SENT = "SENT";
  static final String LOGGED = "LOGGED";
  static final String FAILED = "FAILED";
  static final String NO_ADDRESS = "NO_ADDRESS";

  private static final Logger log = LoggerFactory.getLogger(MailJobHandler.class);

  private final JdbcTemplate jdbc;
  private final ObjectProvider<JavaMailSender> mailSender;
  private final MailProperties properties;
  private final TransactionTemplate separateTransaction;

  MailJobHandler(JdbcTemplate jdbc, ObjectProvider<JavaMailSender> mailSender, MailProperties properties,
      PlatformTransactionManager transactionManager) {
    this.jdbc = jdbc;
    this.mailSender = mailSender;
    this.properties = properties;
    this.separateTransaction = new TransactionTemplate(transactionManager);
    this.separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  @Override
  public String getType() {
    return TYPE;
  }

  @Override
  public void execute(Configuration configuration, ExecutionEntity execution, CommandContext commandContext,
      String tenantId) {
    List<Map<String, Object>> rows = jdbc.queryForList(
        "select recipient_address, subject, body, status, attempts, process_instance_id "
            + "from apr_mail_outbox where id = ?", configuration.outboxId());
    if (rows.isEmpty()) {
      log.warn("Mail {} is no longer in the outbox; nothing to send", configuration.outboxId());
      return;
    }
    Map<String, Object> mail = rows.get(0);
    String status = (String) mail.get("status");
    if (SENT.equals(status) || LOGGED.equals(status)) {
      return; // already delivered by an earlier run whose job record outlived it
    }
    int attempts = ((Number) mail.get("attempts")).intValue() + 1;
    JavaMailSender sender = mailSender.getIfAvailable();
    String to = (String) mail.get("recipient_address");
    String subject = (String) mail.get("subject");
    String body = (String) mail.get("body");
    if (sender == null) {
      // The body carries what applicants typed: DEBUG, which the demo run shows and production does not.
      log.info("Mail (no SMTP configured) to {}: {}", to, subject);
      log.debug("Mail {} body:\n{}", configuration.outboxId(), body);
      markDelivered(configuration.outboxId(), LOGGED, attempts);
      return;
    }
    try {
      MimeMessage message = sender.createMimeMessage();
      MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
      helper.setFrom(properties.from());
      helper.setTo(to);
      helper.setSubject(subject);
      helper.setText(body, false);
      // The outbox row's id as the Message-ID: if a node dies after the SMTP server accepted a mail but
      // before its job committed, the retry sends the same Message-ID, which mail systems show once.
      // Spring's sender keeps an explicitly set Message-ID through saveChanges().
      message.setHeader("Message-ID", messageId(configuration.outboxId()));
      sender.send(message);
      markDelivered(configuration.outboxId(), SENT, attempts);
    } catch (Exception e) {
      handleFailure(configuration.outboxId(), (String) mail.get("process_instance_id"), attempts, e,
          commandContext);
    }
  }

  private void handleFailure(String outboxId, String processInstanceId, int attempts, Exception e,
      CommandContext commandContext) {
    String error = e.getClass().getSimpleName() + ": " + e.getMessage();
    List<Duration> delays = properties.retryDelays();
    if (attempts <= delays.size()) {
      Instant next = Instant.now().plus(delays.get(attempts - 1));
      jdbc.update("update apr_mail_outbox set status = ?, attempts = ?, last_error = ?, next_attempt_at = ? "
          + "where id = ?", RETRYING, attempts, truncate(error), Timestamp.from(next), outboxId);
      Notifications.schedule(commandContext, outboxId, processInstanceId, next);
      log.warn("Mail {} failed (attempt {}), retrying at {}: {}", outboxId, attempts, next, error);
      return;
    }
    // Out of retries: record it outside the failing transaction, then fail the job so the engine
    // raises an incident that an operator sees in Cockpit and can retry once SMTP is back.
    separateTransaction.executeWithoutResult(status -> jdbc.update(
        "update apr_mail_outbox set status = ?, attempts = ?, last_error = ? where id = ?",
        FAILED, attempts, truncate(error), outboxId));
    log.error("Mail {} failed {} times; giving up until an operator retries the job: {}", outboxId,
        attempts, error);
    throw new ProcessEngineException("メール送信に失敗しました（" + attempts + "回）: " + error, e);
  }

  private void markDelivered(String outboxId, String status, int attempts) {
    jdbc.update("update apr_mail_outbox set status = ?, attempts = ?, sent_at = ?, last_error = null "
        + "where id = ?", status, attempts, Timestamp.from(Instant.now()), outboxId);
  }

  private static String truncate(String text) {
    return text.length() > 2000 ? text.substring(0, 2000) : text;
  }

  @Override
  public Configuration newConfiguration(String canonicalString) {
    return new Configuration(canonicalString);
  }

  @Override
  public void onDelete(Configuration configuration, JobEntity jobEntity) {
    // the outbox row stays: it is the record of what was (or was not) sent
  }

  /** The outbox row a job sends. */
  record Configuration(String outboxId) implements JobHandlerConfiguration {
    @Override
    public String toCanonicalString() {
      return outboxId;
    }
  }

  static String messageId(String outboxId) {
    return "<" + outboxId + "@approval-platform.local>";
  }
}
