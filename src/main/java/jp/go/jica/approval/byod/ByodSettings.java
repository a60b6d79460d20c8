package jp.go.jica.approval.byod;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/** {@code approval.byod.*}: the default of the CISO's switch and the reminder/escalation durations. */
@Component("byodSettings")
@ConfigurationProperties("approval.byod")
public class ByodSettings {

  private boolean allowedByDefault = true;
  private String endReminderLeadTime = "P7D";
  private String erasureReminder = "P3D";
  private String erasureEscalation = "P7D";

  public boolean isAllowedByDefault() {
    return allowedByDefault;
  }

  public void setAllowedByDefault(boolean allowedByDefault) {
    this.allowedByDefault = allowedByDefault;
  }

  public String getEndReminderLeadTime() {
    return endReminderLeadTime;
  }

  public void setEndReminderLeadTime(String value) {
    this.endReminderLeadTime = valid(value);
  }

  public String getErasureReminder() {
    return erasureReminder;
  }

  public void setErasureReminder(String value) {
    this.erasureReminder = valid(value);
  }

  public String getErasureEscalation() {
    return erasureEscalation;
  }

  public void setErasureEscalation(String value) {
    this.erasureEscalation = valid(value);
  }

  private static String valid(String isoDuration) {
    Duration.parse(isoDuration);
    return isoDuration;
  }
}
