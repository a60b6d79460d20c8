package jp.go.jica.approval.media;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/** {@code approval.media.*}: reminder and escalation when the return is not reported. */
@Component("mediaSettings")
@ConfigurationProperties("approval.media")
public class MediaSettings {

  private String returnReminder = "P1D";
  private String returnEscalation = "P3D";

  public String getReturnReminder() {
    return returnReminder;
  }

  public void setReturnReminder(String value) {
    Duration.parse(value);
    this.returnReminder = value;
  }

  public String getReturnEscalation() {
    return returnEscalation;
  }

  public void setReturnEscalation(String value) {
    Duration.parse(value);
    this.returnEscalation = value;
  }
}
