package jp.go.jica.approval.notification;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Mail settings of the platform (the SMTP server itself is Spring's {@code spring.mail.*}).
 *
 * @param from sender address
 * @param baseUrl how people reach this platform, for links in mail
 * @param retryDelays waits between attempts; after the last one the mail job raises an incident
 */
@ConfigurationProperties("approval.mail")
record MailProperties(String from, String baseUrl, List<Duration> retryDelays) {
}
