package jp.go.jica.approval.notification;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The administrator's view of the outbox: what was sent, what is retrying, what failed. */
@RestController
class MailOutboxController {

  private final JdbcTemplate jdbc;

  MailOutboxController(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @GetMapping("/api/admin/mail-outbox")
  List<Map<String, Object>> outbox(@RequestParam(required = false) String status,
      @RequestParam(defaultValue = "100") int limit) {
    int bounded = Math.min(Math.max(limit, 1), 1000);
    String columns = "select id, process_instance_id, template, recipient_id, recipient_address, subject, "
        + "status, attempts, last_error, created_at, sent_at, next_attempt_at from apr_mail_outbox ";
    return status == null
        ? jdbc.queryForList(columns + "order by created_at desc limit ?", bounded)
        : jdbc.queryForList(columns + "where status = ? order by created_at desc limit ?", status, bounded);
  }
}
