package jp.go.jica.approval.security;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import jp.go.jica.approval.notification.MailTemplate;
import jp.go.jica.approval.notification.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Tells the platform administrators that a source or an account crossed its failed-login threshold. */
@Component
class LoginAlerts {

  private static final Logger log = LoggerFactory.getLogger(LoginAlerts.class);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private final Notifications notifications;
  private final LoginSettings settings;

  LoginAlerts(Notifications notifications, LoginSettings settings) {
    this.notifications = notifications;
    this.settings = settings;
  }

  /**
   * Logs the incident at WARN and queues a mail to each administrator; must run inside the engine command
   * that counted the failure, whose transaction the mail joins.
   */
  void raise(LoginThrottle.Incident incident, List<String> administrators) {
    boolean source = incident.kind() == LoginThrottle.Incident.Kind.SOURCE;
    log.warn("Failed logins: {} {} crossed its threshold ({} failures), held until {}; {}: {}; alerting {}",
        source ? "source" : "account", incident.target(), incident.failures(), incident.heldUntil(),
        source ? "accounts tried" : "sources seen on this node", incident.related(), administrators);
    Map<String, String> model = Map.of(
        "target", (source ? "送信元 " : "アカウント ") + incident.target(),
        "failures", Integer.toString(incident.failures()),
        "relatedLabel", source ? "試行されたアカウント" : "このノードで確認した送信元",
        "related", incident.related().isEmpty() ? "（なし）" : String.join(", ", incident.related()),
        "heldUntil", incident.heldUntil() == null ? "—" : TIME.format(incident.heldUntil()),
        "maxDelay", minutes(settings.maxDelay()),
        "spared", source ? "この送信元から最近ログインに成功したアカウントは保留されません。"
            : "本人が最近ログインに成功した送信元からは、引き続きログインできます。");
    for (String administrator : administrators) {
      notifications.send(MailTemplate.LOGIN_THROTTLED, administrator, model, null);
    }
  }

  private static String minutes(Duration duration) {
    return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + "分" : duration.toSeconds() + "秒";
  }
}
